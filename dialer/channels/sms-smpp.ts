import { once } from 'node:events';
import smpp, { type PDU, type Session } from 'smpp';
import { measureSms } from '../policy/index.ts';
import type { ChannelSender, SendOutcome, SendRequest } from './channel.ts';

/** message_state (SMPP 3.4 §5.2.28) → the receipt's `stat`. */
const MESSAGE_STATES: Readonly<Record<number, string>> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};
/** Generic "ESME receiver temporary app error": the SMSC keeps the PDU and offers it again. */
const ESME_RX_T_APPN = 0x64;

export interface SmppOptions {
  url: string;
  systemId: string;
  password: string;
  /** Alphanumeric sender shown to clients, e.g. ENERGOSBYT. */
  sourceAddr: string;
}

export interface SmppEvents {
  /** A delivery receipt: gateway message id and its status (DELIVRD, UNDELIV, EXPIRED…). */
  onReceipt(messageId: string, stat: string): Promise<void>;
  /** A client's own message to the service number (e.g. «СТОП»). */
  onIncoming(from: string, text: string): Promise<void>;
}

function textOf(field: unknown): string {
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'message' in field) {
    const message = (field as { message: unknown }).message;
    return typeof message === 'string' ? message : Buffer.isBuffer(message) ? message.toString() : '';
  }
  return Buffer.isBuffer(field) ? field.toString() : '';
}

/** An SMS as bytes in the encoding the gateway counts: GSM-7 (data_coding 0) or UCS-2 (8). */
function encode(text: string): { dataCoding: number; bytes: Buffer; parts: number } {
  const measure = measureSms(text);
  if (measure.encoding === 'gsm7')
    return { dataCoding: 0, bytes: smpp.gsmCoder.encode(text, 0), parts: measure.segments };
  return { dataCoding: 8, bytes: Buffer.from(text, 'utf16le').swap16(), parts: measure.segments };
}

/**
 * SMS through the retailer's SMPP 3.4 gateway as an ESME (bind_transceiver, the `smpp`
 * package). A message that fits one SMS goes in short_message; a longer one whole in
 * message_payload (the gateway splits it and charges per part: cost = parts). Receipts are
 * requested for every message; receipts and clients' messages are acknowledged only after the
 * dialer has stored them, so a crash makes the gateway offer them again.
 */
export class SmppSmsChannel implements ChannelSender {
  readonly channel = 'sms' as const;

  private constructor(
    private readonly session: Session,
    private readonly options: SmppOptions,
  ) {}

  static async connect(options: SmppOptions, events: SmppEvents): Promise<SmppSmsChannel> {
    const session = smpp.connect({ url: options.url, auto_enquire_link_period: 30_000 });
    session.on('error', () => {});
    await once(session, 'connect');
    const bound = await new Promise<PDU>((resolve) =>
      session.bind_transceiver({ system_id: options.systemId, password: options.password }, resolve),
    );
    if (bound.command_status !== 0) {
      session.destroy();
      throw new Error(`SMPP bind refused: status ${bound.command_status}`);
    }
    session.on('deliver_sm', (pdu: PDU) => {
      const handled = SmppSmsChannel.deliver(pdu, events);
      handled.then(
        () => session.send(pdu.response()),
        () => session.send(pdu.response({ command_status: ESME_RX_T_APPN })),
      );
    });
    return new SmppSmsChannel(session, options);
  }

  private static deliver(pdu: PDU, events: SmppEvents): Promise<void> {
    const text = textOf(pdu.short_message);
    if ((Number(pdu.esm_class ?? 0) & 0x3c) === 0x04) {
      const receipted = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : undefined;
      const fromText = /\bid:(\S+).*\bstat:(\w+)/.exec(text);
      const messageId = receipted ?? fromText?.[1];
      const stat =
        typeof pdu.message_state === 'number'
          ? MESSAGE_STATES[pdu.message_state]
          : (fromText?.[2] ?? undefined);
      if (!messageId || !stat) return Promise.resolve();
      return events.onReceipt(messageId, stat);
    }
    return events.onIncoming(String(pdu.source_addr ?? ''), text);
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const { dataCoding, bytes, parts } = encode(request.message.text);
    const body = parts > 1 ? { message_payload: bytes } : { short_message: bytes };
    const response = await new Promise<PDU>((resolve) =>
      this.session.submit_sm(
        {
          source_addr: this.options.sourceAddr,
          source_addr_ton: 5,
          source_addr_npi: 0,
          destination_addr: request.address.replace(/^\+/, ''),
          dest_addr_ton: 1,
          dest_addr_npi: 1,
          registered_delivery: 1,
          data_coding: dataCoding,
          ...body,
        },
        resolve,
      ),
    );
    if (response.command_status !== 0) {
      return {
        kind: 'finished',
        outcome: 'negative',
        detail: `submit_refused_${response.command_status}`,
        costUnits: 0,
      };
    }
    return { kind: 'accepted', gatewayIds: [String(response.message_id)], costUnits: parts };
  }

  close(): Promise<void> {
    if (this.session.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.session.close(() => resolve()));
  }
}
