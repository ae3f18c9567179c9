import { type ConnectionOptions, Queue } from 'bullmq';
import { type Clock, realDelayMs } from '../../core/lifecycle/clock.ts';
import { OUTBOUND_CHANNELS, type OutboundChannel } from '../../core/vocabulary/index.ts';
import type { ContactJob, PlanChunk } from '../services/deps.ts';
import { PlanQueue } from './planner.ts';

export const channelQueueName = (channel: OutboundChannel) => `dialer-${channel}`;

export interface ContactJobData {
  contactId: number;
  seq: number;
}

/** One job per (contact, seq): queuing the same plan twice adds nothing (BullMQ keeps ids unique). */
export const contactJobId = (contactId: number, seq: number) => `c${contactId}s${seq}`;

/** A job in these states (or none, `unknown`) will not run again by itself. */
const FINISHED_STATES: ReadonlySet<string> = new Set(['completed', 'failed', 'unknown']);

/** The per-channel queues; delays are measured on the injected clock, so tests can move time. */
export class DialerQueues {
  readonly queues: Record<OutboundChannel, Queue<ContactJobData>>;
  readonly plan: PlanQueue;

  constructor(
    connection: ConnectionOptions,
    prefix: string,
    private readonly clock: Clock,
  ) {
    this.plan = new PlanQueue(connection, prefix, clock);
    this.queues = Object.fromEntries(
      OUTBOUND_CHANNELS.map((channel) => [
        channel,
        new Queue<ContactJobData>(channelQueueName(channel), { connection, prefix }),
      ]),
    ) as Record<OutboundChannel, Queue<ContactJobData>>;
  }

  /** Adds the jobs in bulk, each delayed to its allowed instant. */
  enqueue = async (jobs: readonly ContactJob[]): Promise<void> => {
    const now = this.clock.nowMs();
    const byChannel = new Map<OutboundChannel, ContactJob[]>();
    for (const job of jobs) {
      const list = byChannel.get(job.channel);
      if (list) list.push(job);
      else byChannel.set(job.channel, [job]);
    }
    await Promise.all(
      [...byChannel].map(([channel, list]) =>
        this.queues[channel].addBulk(
          list.map((job) => ({
            name: 'contact',
            data: { contactId: job.contactId, seq: job.seq },
            opts: {
              jobId: contactJobId(job.contactId, job.seq),
              // A simulated clock (HOTLINE_CLOCK_RATE) runs faster: BullMQ waits in real milliseconds.
              delay: realDelayMs(this.clock, job.at.getTime() - now),
              removeOnComplete: 1000,
              removeOnFail: 5000,
              attempts: 5,
              backoff: { type: 'exponential', delay: 5000 },
            },
          })),
        ),
      ),
    );
  };

  /** A job for (contact, seq) that will still run: waiting, prioritized, delayed or active. */
  hasLiveJob = async (channel: OutboundChannel, contactId: number, seq: number): Promise<boolean> => {
    const state = await this.queues[channel].getJobState(contactJobId(contactId, seq));
    return !FINISHED_STATES.has(state);
  };

  enqueuePlan = (chunks: readonly PlanChunk[]): Promise<void> => this.plan.enqueue(chunks);

  async close(): Promise<void> {
    await Promise.all([...Object.values(this.queues).map((queue) => queue.close()), this.plan.close()]);
  }
}
