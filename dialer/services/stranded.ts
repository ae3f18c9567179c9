import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import type { DialerDeps } from './deps.ts';

/**
 * A contact may be left `pending` with no job: the transaction that scheduled its next attempt
 * (a retry, the fallback to the next channel) committed, but its answer was lost before the job
 * was queued (PostgreSQL or the process went away in between), or its job failed for good. This
 * long after its next attempt was due, a pending contact of a running campaign with no live job
 * is taken to be such a one. Waiting jobs (a channel's rate limit, a gateway not configured) are
 * live: their contacts are left alone however late.
 */
export const STRANDED_AFTER_MS = 15 * 60_000;

/** Contacts looked at per round: the sweep must stay cheap however many are overdue. */
export const STRANDED_PER_ROUND = 200;

/** Whether BullMQ holds a job for (contact, seq) that will still run: waiting, delayed, active. */
export interface LiveJobs {
  hasLiveJob(channel: OutboundChannel, contactId: number, seq: number): Promise<boolean>;
}

interface Cursor {
  campaignId: number;
  at: Date;
  id: number;
}

/**
 * Walks the overdue pending contacts of running campaigns a bounded slice per round (a cursor,
 * so contacts with live jobs at the front do not hide the rest) and queues a new job for each
 * without one. The new job has a new sequence number, bumped only if the contact is still
 * pending with the sequence seen: any older job that turns up is stale, and the claim in
 * PostgreSQL (state and sequence) lets one job only send — never two.
 */
export class StrandedContactSweep {
  private cursor: Cursor | undefined;

  constructor(
    private readonly deps: DialerDeps,
    private readonly jobs: LiveJobs,
    private readonly perRound = STRANDED_PER_ROUND,
  ) {}

  async run(): Promise<{ examined: number; requeued: number }> {
    const now = this.deps.clock.now();
    const overdue = new Date(now.getTime() - STRANDED_AFTER_MS);
    const { rows: campaigns } = await this.deps.pool.query<{ id: number; channels: OutboundChannel[] }>(
      "select id, channels from campaigns where state = 'running' and id >= $1 order by id",
      [this.cursor?.campaignId ?? 0],
    );
    let examined = 0;
    let requeued = 0;
    for (const campaign of campaigns) {
      const after = this.cursor?.campaignId === campaign.id ? this.cursor : undefined;
      const { rows } = await this.deps.pool.query<{
        id: number;
        job_seq: number;
        channel_index: number;
        next_attempt_at: Date;
      }>(
        `select id, job_seq, channel_index, next_attempt_at from campaign_contacts
          where campaign_id = $1 and state = 'pending' and next_attempt_at is not null
            and next_attempt_at < $2 and (next_attempt_at, id) > ($3, $4)
          order by next_attempt_at, id limit $5`,
        [campaign.id, overdue, after?.at ?? new Date(0), after?.id ?? 0, this.perRound - examined],
      );
      for (const row of rows) {
        const channel = campaign.channels[row.channel_index]!;
        if (!(await this.jobs.hasLiveJob(channel, row.id, row.job_seq))) {
          if (await this.requeue(row.id, row.job_seq, channel, now)) requeued += 1;
        }
        this.cursor = { campaignId: campaign.id, at: row.next_attempt_at, id: row.id };
      }
      examined += rows.length;
      if (examined >= this.perRound) return { examined, requeued };
    }
    // Every running campaign walked to its end: the next round starts from the beginning.
    this.cursor = undefined;
    return { examined, requeued };
  }

  private async requeue(contactId: number, seenSeq: number, channel: OutboundChannel, now: Date) {
    const { rows } = await this.deps.pool.query<{ job_seq: number }>(
      `update campaign_contacts set job_seq = job_seq + 1
        where id = $1 and state = 'pending' and job_seq = $2 returning job_seq`,
      [contactId, seenSeq],
    );
    if (!rows[0]) return false;
    // Due now: the job itself checks the window, spacing, consent and the goal before any send.
    await this.deps.enqueue([{ contactId, seq: rows[0].job_seq, channel, at: now }]);
    this.deps.logger?.warn({ contactId, channel }, 'dialer: a pending contact without a job queued again');
    return true;
  }
}
