import smpp, { type PduOptions } from 'smpp';
import type { EsmeDelivery } from './schemas.ts';

/**
 * A mobile-originated message as the SMSC forwards it to the ESME: deliver_sm with esm_class 0,
 * GSM-7 when the text allows it, otherwise UCS-2 (any Cyrillic, e.g. «СТОП»).
 */
export function buildSubscriberMessage(
  from: string,
  to: string,
  text: string,
): { record: EsmeDelivery; pdu: PduOptions } {
  const septets = smpp.gsmCoder.encode(text, 0);
  const gsm = smpp.gsmCoder.decode(septets, 0) === text;
  if (gsm ? septets.length > 160 : text.length > 70) {
    throw new Error('SMSC double: a subscriber message must fit one SMS');
  }
  return {
    record: { kind: 'mo', source: from, destination: to, text, acknowledged: false, attempts: 0 },
    pdu: {
      source_addr: from,
      source_addr_ton: 1,
      source_addr_npi: 1,
      destination_addr: to,
      esm_class: 0,
      data_coding: gsm ? 0x00 : 0x08,
      short_message: text,
    },
  };
}
