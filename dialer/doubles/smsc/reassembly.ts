import type { SmsMessage, SubmittedPart } from './schemas.ts';

/**
 * Joins the parts of long messages the way a handset does: by sender, recipient, reference and
 * sequence number, whichever order they arrive in. A part repeated with the same sequence
 * replaces the earlier one (an ESME retrying after a lost response).
 */
export class Reassembler {
  private readonly pending = new Map<string, Map<number, SubmittedPart>>();

  /** Returns the whole message once its last missing part arrives. */
  add(part: SubmittedPart, viaPayload: boolean): SmsMessage | undefined {
    const concat = part.concat;
    if (!concat || concat.total <= 1) return this.whole([part], viaPayload ? 'payload' : 'single');
    const key = `${part.source}|${part.destination}|${concat.via}|${concat.reference}|${concat.total}`;
    const parts = this.pending.get(key) ?? new Map<number, SubmittedPart>();
    parts.set(concat.sequence, part);
    this.pending.set(key, parts);
    if (parts.size < concat.total) return undefined;
    this.pending.delete(key);
    const ordered = [...parts.values()].sort((a, b) => a.concat!.sequence - b.concat!.sequence);
    return this.whole(ordered, concat.via);
  }

  /** Parts waiting for the rest of their message. */
  incompleteCount(): number {
    return this.pending.size;
  }

  private whole(parts: SubmittedPart[], via: SmsMessage['via']): SmsMessage {
    const first = parts[0]!;
    return {
      source: first.source,
      destination: first.destination,
      text: parts.map((p) => p.text).join(''),
      dataCoding: first.dataCoding,
      messageIds: parts.map((p) => p.messageId),
      via,
      submittedAt: first.submittedAt,
    };
  }
}
