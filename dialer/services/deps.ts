import type { BillingApi } from '../../core/billing/index.ts';
import type { Pool } from '../../core/db/index.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import type { ChannelSender } from '../channels/channel.ts';
import type { ContactPolicy } from '../policy/index.ts';

/** A contact's next job: on its channel's queue, not before `at`, identified by `seq`. */
export interface ContactJob {
  contactId: number;
  seq: number;
  channel: OutboundChannel;
  at: Date;
}

/** Contacts of one campaign due in one channel at one instant (a planning job). */
export interface PlanChunk {
  campaignId: number;
  channel: OutboundChannel;
  at: Date;
  contactIds: number[];
}

export interface DialerDeps {
  pool: Pool;
  billing: BillingApi;
  policy: ContactPolicy;
  clock: Clock;
  senders: Partial<Record<OutboundChannel, ChannelSender>>;
  /** Queues jobs (BullMQ in production); called after the transaction that planned them. */
  enqueue(jobs: readonly ContactJob[]): Promise<void>;
  /** Queues planning jobs, each delayed to its instant (see services/planning.ts). */
  enqueuePlan(chunks: readonly PlanChunk[]): Promise<void>;
  logger?: Logger;
}
