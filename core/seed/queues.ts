import type { PoolClient } from 'pg';
import type { TopicId } from '../vocabulary/index.ts';

/**
 * The demo's operator queues: enough for a call or a chat on any topic to reach an operator.
 * Money questions go to their own voice queue (the busiest at a retailer); everything else spoken
 * goes to the general one; every written channel shares one chat queue. The standard's timings
 * (15 s offer, 80 / 100 s alerts, 5 min wrap-up) are the queues' defaults in acd_queues.
 */
export const DEMO_QUEUES: ReadonlyArray<{
  name: string;
  /** What operators and supervisors read on their screens (the name is the ACD's id). */
  title: string;
  media: 'voice' | 'chat';
  topics: TopicId[];
}> = [
  {
    name: 'voice_billing',
    title: 'Звонки: оплата и начисления',
    media: 'voice',
    topics: ['balance', 'meter_reading', 'payment_methods', 'payment_missing', 'bill', 'installment'],
  },
  { name: 'voice_general', title: 'Звонки: общие вопросы', media: 'voice', topics: [] },
  { name: 'chat_general', title: 'Чаты', media: 'chat', topics: [] },
];

/** Skill level of every demo operator in every demo queue (1–10; higher = offered first). */
const DEMO_SKILL_LEVEL = 5;

/**
 * Defines the demo queues and gives every operator-role user a skill in each. Existing queues and
 * skills are left as they are (the admin may have changed them). The ACD publishes PostgreSQL's
 * definitions to Redis when it starts.
 */
export async function insertDemoQueues(client: PoolClient): Promise<{ queues: number; skills: number }> {
  let queues = 0;
  for (const queue of DEMO_QUEUES) {
    const { rowCount } = await client.query(
      'insert into acd_queues (name, title, media, topics) values ($1, $2, $3, $4) on conflict (name) do nothing',
      [queue.name, queue.title, queue.media, queue.topics],
    );
    queues += rowCount ?? 0;
  }
  const { rowCount: skills } = await client.query(
    `insert into acd_agent_skills (user_id, queue, level)
     select u.id, q.name, $2 from users u cross join acd_queues q
     where 'operator' = any (u.roles) and u.active and q.name = any ($1)
     on conflict (user_id, queue) do nothing`,
    [DEMO_QUEUES.map((q) => q.name), DEMO_SKILL_LEVEL],
  );
  return { queues, skills: skills ?? 0 };
}
