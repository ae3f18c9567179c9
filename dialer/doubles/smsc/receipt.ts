import smpp, { type PduOptions } from 'smpp';
import { isGsm7Text } from '../../policy/gsm7.ts';
import type { EsmeDelivery, ReceiptRule, ReceiptStatus, SubmittedPart } from './schemas.ts';

/** message_state TLV values of SMPP 3.4 §5.2.28 for the receipt statuses. */
export const MESSAGE_STATE: Readonly<Record<ReceiptStatus, number>> = {
  DELIVRD: 2,
  EXPIRED: 3,
  UNDELIV: 5,
};

/** `YYMMDDhhmm` in UTC, the date format of SMPP 3.4 Appendix B receipts. */
export function receiptDate(at: Date): string {
  const iso = at.toISOString(); // 2026-11-27T21:49:28.000Z
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
}

export interface ReceiptFields {
  messageId: string;
  status: ReceiptStatus;
  err: string;
  submittedAt: Date;
  doneAt: Date;
  /** The original message; the receipt quotes its first 20 characters. */
  originalText: string;
}

/**
 * The de-facto standard receipt text (SMPP 3.4 Appendix B). The quoted `text:` goes out in the
 * default alphabet, so characters it cannot carry (Cyrillic) are shown as `?` rather than garbled.
 */
export function formatReceiptText(fields: ReceiptFields): string {
  const quoted = [...fields.originalText.slice(0, 20)]
    .map((char) => (isGsm7Text(char) ? char : '?'))
    .join('');
  const delivered = fields.status === 'DELIVRD' ? '001' : '000';
  return (
    `id:${fields.messageId} sub:001 dlvrd:${delivered} submit date:${receiptDate(fields.submittedAt)} ` +
    `done date:${receiptDate(fields.doneAt)} stat:${fields.status} err:${fields.err} text:${quoted}`
  );
}

export interface ParsedReceipt {
  id: string;
  sub: string;
  dlvrd: string;
  submitDate: string;
  doneDate: string;
  stat: string;
  err: string;
  text: string;
}

const RECEIPT =
  /^id:(\S+) sub:(\d+) dlvrd:(\d+) submit date:(\d{10,12}) done date:(\d{10,12}) stat:(\w+) err:(\w+)(?: text:(.*))?$/is;

/** Reads a receipt text back (what an ESME does); undefined when it is not a receipt. */
export function parseReceiptText(text: string): ParsedReceipt | undefined {
  const match = RECEIPT.exec(text);
  if (!match) return undefined;
  const [, id, sub, dlvrd, submitDate, doneDate, stat, err, quoted] = match;
  return {
    id: id!,
    sub: sub!,
    dlvrd: dlvrd!,
    submitDate: submitDate!,
    doneDate: doneDate!,
    stat: stat!,
    err: err!,
    text: quoted ?? '',
  };
}

/** registered_delivery bits 0–1: 01 any final outcome, 10 failures only, 11 successes only. */
export function receiptWanted(registeredDelivery: number, rule: ReceiptRule): boolean {
  const wanted = registeredDelivery & 0x03;
  const delivered = rule.status === 'DELIVRD';
  if (rule.withhold || wanted === 0) return false;
  return wanted === 1 || (wanted === 2 && !delivered) || (wanted === 3 && delivered);
}

/** The deliver_sm of a receipt: esm_class 0x04, addresses swapped, receipted_message_id set. */
export function buildReceipt(
  part: SubmittedPart,
  rule: ReceiptRule,
  doneAt: Date,
): { record: EsmeDelivery; pdu: PduOptions } {
  const text = formatReceiptText({
    messageId: part.messageId,
    status: rule.status,
    err: rule.err,
    submittedAt: part.submittedAt,
    doneAt,
    originalText: part.text,
  });
  return {
    record: {
      kind: 'receipt',
      source: part.destination,
      destination: part.source,
      text,
      receiptFor: part.messageId,
      status: rule.status,
      acknowledged: false,
      attempts: 0,
    },
    pdu: {
      source_addr: part.destination,
      destination_addr: part.source,
      esm_class: smpp.consts.ESM_CLASS.MC_DELIVERY_RECEIPT,
      data_coding: 0,
      short_message: text,
      receipted_message_id: part.messageId,
      message_state: MESSAGE_STATE[rule.status],
    },
  };
}
