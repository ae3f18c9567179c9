import { inTransaction, type Pool } from '../../../../core/db/index.ts';
import type { WrapUpOutcome } from '../../../../core/vocabulary/index.ts';

export interface OutcomeRecord {
  interactionId: string;
  agentId: number;
  outcome: WrapUpOutcome;
  at: Date;
  /** From the ACD hash: enough to create the interactions row if the ACD's writer has not yet. */
  channel: string;
  queue: string;
  topics: string[];
  priority: number;
  enqueuedAt: Date;
}

/**
 * Stores the interaction's outcome on its row and as an `outcome` event, in one transaction. The
 * ACD writes interactions rows from its outbox a moment later; should this come first, the row is
 * created here from the ACD's own data and the writer then fills in the stage times (its insert
 * skips an existing row, its update never touches a set outcome).
 */
export async function recordOutcome(pool: Pool, r: OutcomeRecord): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await tx.query(
      `insert into interactions (id, channel, state, started_at, topics, priority, queue, agent_id)
       values ($1, $2, 'wrap_up', $3, $4, $5, $6, $7)
       on conflict (id) do nothing`,
      [r.interactionId, r.channel, r.enqueuedAt, r.topics, r.priority, r.queue, r.agentId],
    );
    await tx.query('update interactions set outcome = $2, agent_id = coalesce(agent_id, $3) where id = $1', [
      r.interactionId,
      r.outcome,
      r.agentId,
    ]);
    await tx.query(
      `insert into interaction_events (interaction_id, at, kind, agent_id, queue, data)
       values ($1, $2, 'outcome', $3, $4, $5)`,
      [r.interactionId, r.at, r.agentId, r.queue, { outcome: r.outcome }],
    );
  });
}
