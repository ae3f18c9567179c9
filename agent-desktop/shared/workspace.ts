/**
 * The operator desk as GET /api/workspace sends it: the server builds it
 * (agent-desktop/server/workspace), the browser reads it (web/src/pages/operator/workspace).
 * Types only, no Node or DOM imports, so both tsconfigs compile this one declaration.
 */
import type { AgentState, NotReadyReason } from '../../core/vocabulary/index.ts';

/** An interaction on the operator's desk, as the ACD keeps it (Redis hash fields, see commands/*.lua). */
export interface WorkItem {
  id: string;
  state: 'offered' | 'connected' | 'wrap_up';
  queue: string;
  media: 'voice' | 'chat';
  channel: string;
  topics: string[];
  callback: boolean;
  offeredAt: number | null;
  /** The instant the offer is withdrawn (offer time + the queue's offer timeout, 15 s by default). */
  offerDeadline: number | null;
  answeredAt: number | null;
  talkEndedAt: number | null;
  /** The instant the ACD ends wrap-up by itself (talk end + the queue's wrap-up limit, 5 min). */
  wrapUpDeadline: number | null;
}

/** A work item with the account the caller identified (shown on the offer; its first showing is audited). */
export interface DeskWorkItem extends WorkItem {
  account: { id: number; number: string } | null;
}

/** The operator's state as the screen shows it. */
export interface DeskState {
  /** False until the operator signed in to the queues (or after signing out). */
  signedIn: boolean;
  state: AgentState;
  reason: NotReadyReason | null;
  /** Since when the displayed state holds (for "time in state"). */
  since: number | null;
}

export interface DeskView extends DeskState {
  queues: string[];
  chatCapacity: number;
  work: DeskWorkItem[];
  /** The server's clock when the view was built: countdowns run on the ACD's time. */
  serverNow: number;
}
