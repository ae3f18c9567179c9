import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import type { RenderedMessage } from '../services/templates.ts';

export interface SendRequest {
  attemptId: number;
  campaignId: number;
  contactId: number;
  clientId: number;
  accountId: number | null;
  /** Phone (+7…) or e-mail address; empty for notices stored for the online account. */
  address: string;
  message: RenderedMessage;
}

/**
 * What a channel reports: `accepted` — the gateway took it, the result comes later (an SMS
 * delivery receipt); `finished` — the result is known now (mail refused or relayed, a call over).
 */
export type SendOutcome =
  | { kind: 'accepted'; gatewayIds: string[]; costUnits?: number }
  | {
      kind: 'finished';
      outcome: 'positive' | 'negative';
      detail: string;
      gatewayIds?: string[];
      costUnits?: number;
      /** The client asked to stop (a key in the call). */
      optOut?: boolean;
    };

export interface ChannelSender {
  readonly channel: OutboundChannel;
  send(request: SendRequest): Promise<SendOutcome>;
}
