import smpp, { type PDU } from 'smpp';
import type { ConcatInfo } from './schemas.ts';

/** data_coding values the double understands: GSM 03.38 default, IA5, Latin-1, UCS-2. */
const GSM7_CODINGS = new Set([0x00, 0x01]);
const SUPPORTED_CODINGS = new Set([0x00, 0x01, 0x03, 0x08]);

/** User data of one SMS: 140 octets, i.e. 160 septets in the default alphabet. */
const USER_DATA_OCTETS = 140;
const USER_DATA_SEPTETS = 160;

interface DecodedMessageField {
  message: string | Buffer;
  udh?: Buffer[];
}

export type SubmitDecoding =
  | { ok: true; text: string; dataCoding: number; concat?: ConcatInfo; viaPayload: boolean }
  | { ok: false; status: number; reason: string };

function concatFromUdh(udh: readonly Buffer[] | undefined): ConcatInfo | undefined {
  for (const ie of udh ?? []) {
    // IEI 0x00: concatenated SMS, 8-bit reference; IEI 0x08: 16-bit reference (3GPP TS 23.040 §9.2.3.24).
    if (ie[0] === 0x00 && ie.length >= 5)
      return { reference: ie[2]!, total: ie[3]!, sequence: ie[4]!, via: 'udh' };
    if (ie[0] === 0x08 && ie.length >= 6) {
      return { reference: (ie[2]! << 8) | ie[3]!, total: ie[4]!, sequence: ie[5]!, via: 'udh' };
    }
  }
  return undefined;
}

function concatFromSar(pdu: PDU): ConcatInfo | undefined {
  const { sar_msg_ref_num: reference, sar_total_segments: total, sar_segment_seqnum: sequence } = pdu;
  if (typeof reference !== 'number' || typeof total !== 'number' || typeof sequence !== 'number')
    return undefined;
  return { reference, total, sequence, via: 'sar' };
}

/** What the short message occupies on the air interface, as the SMSC must check it. */
function fitsOneSms(text: string, dataCoding: number, udh: readonly Buffer[] | undefined): boolean {
  const udhOctets = udh?.length ? 1 + udh.reduce((sum, ie) => sum + ie.length, 0) : 0;
  if (GSM7_CODINGS.has(dataCoding)) {
    const septets = smpp.gsmCoder.encode(text, 0).length;
    return septets + Math.ceil((udhOctets * 8) / 7) <= USER_DATA_SEPTETS;
  }
  const octets = dataCoding === 0x08 ? text.length * 2 : text.length;
  return octets + udhOctets <= USER_DATA_OCTETS;
}

/**
 * The text of a submit_sm as a handset would show it. The `smpp` package has already decoded the
 * bytes by data_coding (0 = GSM 03.38 with its extension table, 8 = UCS-2 big-endian); this adds
 * the checks a real SMSC makes and finds the concatenation info (UDH or sar_* TLVs).
 */
export function decodeSubmit(pdu: PDU): SubmitDecoding {
  const dataCoding = typeof pdu.data_coding === 'number' ? pdu.data_coding : 0;
  if (!SUPPORTED_CODINGS.has(dataCoding)) {
    return { ok: false, status: smpp.ESME_RINVDCS, reason: `data_coding ${dataCoding} not supported` };
  }
  const short = pdu.short_message as DecodedMessageField | undefined;
  const payload = pdu.message_payload as DecodedMessageField | undefined;
  const shortText = typeof short?.message === 'string' ? short.message : '';

  if (payload !== undefined) {
    if (shortText.length > 0) {
      return {
        ok: false,
        status: smpp.ESME_RINVMSGLEN,
        reason: 'both short_message and message_payload given',
      };
    }
    if (typeof payload.message !== 'string')
      return { ok: false, status: smpp.ESME_RINVDCS, reason: 'undecodable payload' };
    return { ok: true, text: payload.message, dataCoding, viaPayload: true };
  }
  if (short === undefined || typeof short.message !== 'string') {
    return { ok: false, status: smpp.ESME_RINVDCS, reason: 'undecodable short_message' };
  }
  if (!fitsOneSms(short.message, dataCoding, short.udh)) {
    return { ok: false, status: smpp.ESME_RINVMSGLEN, reason: 'short_message longer than one SMS' };
  }
  const concat = concatFromUdh(short.udh) ?? concatFromSar(pdu);
  return { ok: true, text: short.message, dataCoding, viaPayload: false, ...(concat ? { concat } : {}) };
}
