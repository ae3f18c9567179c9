import type { Queryable } from '../../../../core/db/index.ts';
import type { Acd } from '../router/acd.ts';
import { loadQueues, publishQueues } from './definitions.ts';

export interface RecoveryResult {
  queues: number;
  restored: number;
}

/** Redis lost its memory (restart without persistence, failover to an empty replica)? */
export async function needsRecovery(acd: Acd): Promise<boolean> {
  return (await acd.redis.exists(acd.keys.queues)) === 0;
}

/**
 * Rebuilds the ACD from PostgreSQL: queue definitions, then every interaction still waiting
 * (queued, or offered when Redis went away) in its ORIGINAL order — priority, then first enqueue
 * time — so nobody loses their place. Operators log in again from their desktops. A lock keeps
 * two instances from doing it at once; enqueue is idempotent, so a repeat is harmless.
 */
export async function recoverFromDatabase(acd: Acd, db: Queryable): Promise<RecoveryResult> {
  const lock = `${acd.keys.base}recovering`;
  if ((await acd.redis.set(lock, '1', 'PX', 60_000, 'NX')) !== 'OK') return { queues: 0, restored: 0 };
  try {
    const queues = await loadQueues(db);
    await publishQueues(acd, queues);
    const { rows } = await db.query<{
      id: string;
      channel: string;
      queue: string;
      priority: number;
      queued_at: Date;
      started_at: Date;
      topics: string[];
      callback: boolean;
      acd_seq: number | null;
    }>(
      `select id, channel, queue, priority, queued_at, started_at, topics, callback, acd_seq
       from interactions
       where state in ('queued', 'offered') and queue is not null and queued_at is not null
       order by priority desc, queued_at, id`,
    );
    let restored = 0;
    for (const row of rows) {
      const result = await acd.enqueue(
        {
          id: row.id,
          queue: row.queue,
          channel: row.channel,
          priority: row.priority,
          enqueuedAt: row.queued_at.getTime(),
          startedAt: row.started_at.getTime(),
          callback: row.callback,
          topics: row.topics as never,
        },
        { restoreVersion: row.acd_seq ?? 0 },
      );
      if (result.status !== 'exists') restored++;
    }
    return { queues: queues.length, restored };
  } finally {
    await acd.redis.del(lock);
  }
}
