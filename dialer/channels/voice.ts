import type { ChannelSender, SendOutcome, SendRequest } from './channel.ts';

/**
 * How an informing call ended. Positive: the message played to the end, or the client pressed
 * the confirm key. Negative: everything else (R-DLR-4) — an answering machine (AMD) included;
 * `opt_out` also opts the client out.
 */
export const CALL_OUTCOMES = [
  'played',
  'confirmed',
  'opt_out',
  'no_answer',
  'busy',
  'failed',
  'hung_up_early',
  'answering_machine',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallRequest {
  /** +7… */
  to: string;
  /** The message with the amount in words, for synthesis. */
  text: string;
  /** Attempt id, for correlating the call in logs and channel variables (never the number). */
  reference: string;
}

export interface CallReport {
  outcome: CallOutcome;
  /** Talk time in seconds (cost). */
  talkSeconds: number;
}

/** What the dialer needs from telephony: one informing call, resolved when it is over. */
export interface VoiceDialer {
  call(request: CallRequest): Promise<CallReport>;
}

const POSITIVE: ReadonlySet<CallOutcome> = new Set(['played', 'confirmed']);

export class VoiceChannel implements ChannelSender {
  readonly channel = 'phone' as const;
  constructor(private readonly dialer: VoiceDialer) {}

  async send(request: SendRequest): Promise<SendOutcome> {
    const report = await this.dialer.call({
      to: request.address,
      text: request.message.text,
      reference: String(request.attemptId),
    });
    return {
      kind: 'finished',
      outcome: POSITIVE.has(report.outcome) ? 'positive' : 'negative',
      detail: report.outcome,
      costUnits: report.talkSeconds,
      ...(report.outcome === 'opt_out' ? { optOut: true } : {}),
    };
  }
}
