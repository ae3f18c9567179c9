/** The ARI event envelope, formatted exactly as Asterisk 22 sends it. */

export type AriEvent = Record<string, unknown> & { type: string; timestamp: string };

/** `2026-11-27T20:52:59.933+0000`: UTC, milliseconds, `+0000` rather than `Z`. */
export function ariTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/**
 * Builds one event body. `leading` fields come before `type` — Asterisk puts the own fields of
 * ChannelVarset and ChannelHangupRequest first; clients must not rely on key order, but a faithful
 * double should not invent a different one either.
 */
export function buildEvent(
  type: string,
  epochMs: number,
  fields: Record<string, unknown>,
  leading: Record<string, unknown> = {},
): AriEvent {
  return { ...leading, type, timestamp: ariTimestamp(epochMs), ...fields } as AriEvent;
}

/** Adds the per-application part of the envelope. */
export function envelope(event: AriEvent, asteriskId: string, application: string): AriEvent {
  return { ...event, asterisk_id: asteriskId, application };
}

/** Q.850 cause texts as Asterisk prints them in ChannelDestroyed. */
const causeTexts: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  27: 'Destination out of order',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
};

export function causeText(cause: number): string {
  return causeTexts[cause] ?? 'Unknown';
}

/** `DELETE /channels/{id}?reason=` values and the cause they carry (the event still says 32). */
export const hangupReasonCauses: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 19,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};
