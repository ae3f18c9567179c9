import type { Queryable } from '../../../../core/db/index.ts';

export interface OperatorSetup {
  skills: { queue: string; level: number }[];
  chatCapacity: number;
  fullName: string;
}

/** What the ACD login needs: the operator's queues (acd_agent_skills) and chat capacity (users). */
export async function loadOperatorSetup(db: Queryable, userId: number): Promise<OperatorSetup | undefined> {
  const { rows } = await db.query<{
    full_name: string;
    chat_capacity: number;
    skills: { queue: string; level: number }[] | null;
  }>(
    `select u.full_name, u.chat_capacity,
            (select json_agg(json_build_object('queue', s.queue, 'level', s.level) order by s.queue)
               from acd_agent_skills s where s.user_id = u.id) as skills
       from users u where u.id = $1 and u.active`,
    [userId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { skills: row.skills ?? [], chatCapacity: row.chat_capacity, fullName: row.full_name };
}

/** Identified accounts of the interactions on a desk (set by the IVR / chatbot on identification). */
export async function identifiedAccounts(
  db: Queryable,
  interactionIds: string[],
): Promise<Map<string, { accountId: number; number: string; clientId: number }>> {
  if (!interactionIds.length) return new Map();
  const { rows } = await db.query<{ id: string; account_id: string; number: string; client_id: string }>(
    `select i.id, a.id as account_id, a.number, a.client_id
       from interactions i join accounts a on a.id = i.account_id
      where i.id = any ($1::uuid[])`,
    [interactionIds],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { accountId: Number(r.account_id), number: r.number, clientId: Number(r.client_id) },
    ]),
  );
}
