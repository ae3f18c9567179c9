import type { Queryable } from '../../../../core/db/index.ts';
import type { Acd } from '../router/acd.ts';
import { type QueueDefinition, type QueueDefinitionInput, queueDefinitionSchema } from '../schemas/queue.ts';

/** Queue definitions and skill levels live in PostgreSQL (acd_queues, acd_agent_skills). */
export async function saveQueue(db: Queryable, input: QueueDefinitionInput): Promise<QueueDefinition> {
  const q = queueDefinitionSchema.parse(input);
  await db.query(
    `insert into acd_queues (name, media, topics, strategy, overflow_to, overflow_after_ms, offer_timeout_ms,
       prealert_ms, alert_ms, wrap_up_ms, short_abandon_ms, title)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (name) do update set media = excluded.media,
       title = coalesce(excluded.title, acd_queues.title), topics = excluded.topics, strategy = excluded.strategy,
       overflow_to = excluded.overflow_to, overflow_after_ms = excluded.overflow_after_ms,
       offer_timeout_ms = excluded.offer_timeout_ms, prealert_ms = excluded.prealert_ms, alert_ms = excluded.alert_ms,
       wrap_up_ms = excluded.wrap_up_ms, short_abandon_ms = excluded.short_abandon_ms`,
    [
      q.name,
      q.media,
      q.topics,
      q.strategy,
      q.overflowTo ?? null,
      q.overflowAfterMs ?? null,
      q.offerTimeoutMs,
      q.prealertMs,
      q.alertMs,
      q.wrapUpMs,
      q.shortAbandonMs,
      // A definition without a title (an older client) keeps the title the queue has.
      q.title ?? null,
    ],
  );
  return q;
}

export async function loadQueues(db: Queryable): Promise<QueueDefinition[]> {
  const { rows } = await db.query('select * from acd_queues order by name');
  return rows.map((r) =>
    queueDefinitionSchema.parse({
      name: r.name,
      title: r.title ?? undefined,
      media: r.media,
      topics: r.topics,
      strategy: r.strategy,
      overflowTo: r.overflow_to ?? undefined,
      overflowAfterMs: r.overflow_after_ms ?? undefined,
      offerTimeoutMs: r.offer_timeout_ms,
      prealertMs: r.prealert_ms,
      alertMs: r.alert_ms,
      wrapUpMs: r.wrap_up_ms,
      shortAbandonMs: r.short_abandon_ms,
    }),
  );
}

/** Display names of the queues that have one (name → title), for the screens. */
export async function queueTitles(db: Queryable): Promise<Record<string, string>> {
  const { rows } = await db.query<{ name: string; title: string }>(
    'select name, title from acd_queues where title is not null order by name',
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.title]));
}

/** Pushes every queue into Redis, overflow targets before the queues that overflow to them. */
export async function publishQueues(acd: Acd, queues: QueueDefinition[]): Promise<void> {
  const pending = [...queues];
  const done = new Set<string>();
  while (pending.length) {
    const index = pending.findIndex((q) => !q.overflowTo || done.has(q.overflowTo));
    if (index < 0) throw new Error(`overflow cycle among queues ${pending.map((q) => q.name).join(', ')}`);
    const [q] = pending.splice(index, 1);
    await acd.defineQueue(q!);
    done.add(q!.name);
  }
}

export async function saveSkills(
  db: Queryable,
  userId: string,
  skills: { queue: string; level: number }[],
): Promise<void> {
  await db.query('delete from acd_agent_skills where user_id = $1', [userId]);
  for (const s of skills) {
    await db.query('insert into acd_agent_skills (user_id, queue, level) values ($1, $2, $3)', [
      userId,
      s.queue,
      s.level,
    ]);
  }
}

export async function loadSkills(db: Queryable, userId: string): Promise<{ queue: string; level: number }[]> {
  const { rows } = await db.query<{ queue: string; level: number }>(
    'select queue, level from acd_agent_skills where user_id = $1 order by queue',
    [userId],
  );
  return rows;
}
