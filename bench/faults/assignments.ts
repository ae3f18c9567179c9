import type { Pool } from '../../core/db/index.ts';

/**
 * Voice double assignment: an operator talking on two calls at once (overlapping answered → talk
 * end). Phone calls only: chats overlap by design, up to the operator's chat limit.
 */
export async function countVoiceOverlaps(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `select count(*) as n from interactions a join interactions b
        on a.agent_id = b.agent_id and a.id < b.id and a.channel = 'phone' and b.channel = 'phone'
       and a.answered_at is not null and b.answered_at is not null
       and a.talk_ended_at is not null and b.talk_ended_at is not null
       and tstzrange(a.answered_at, a.talk_ended_at) && tstzrange(b.answered_at, b.talk_ended_at)`,
  );
  return Number(rows[0]!.n);
}

/**
 * Double assignment in chats, two ways: an operator holding more chats at once than the chat
 * limit (answered → wrap-up end or close, or still open), and one chat answered twice.
 */
export async function countChatAssignments(pool: Pool) {
  const overLimit = await pool.query<{ n: string }>(
    `with chats as (
       select i.id, i.agent_id, i.answered_at,
              coalesce(i.wrap_up_ended_at, i.closed_at, 'infinity'::timestamptz) as ended_at
         from interactions i where i.channel <> 'phone' and i.answered_at is not null)
     select count(*) as n from chats c join users u on u.id = c.agent_id
      where (select count(*) from chats o where o.agent_id = c.agent_id
               and o.answered_at <= c.answered_at and o.ended_at > c.answered_at) > u.chat_capacity`,
  );
  const twice = await pool.query<{ n: string }>(
    `select count(*) as n from (
       select e.interaction_id from interaction_events e join interactions i on i.id = e.interaction_id
        where e.kind = 'acd_answered' and i.channel <> 'phone'
        group by e.interaction_id having count(*) > 1) x`,
  );
  const answered = await pool.query<{ n: string }>(
    `select count(*) as n from interactions where channel <> 'phone' and answered_at is not null`,
  );
  return {
    chats_answered_by_operators: Number(answered.rows[0]!.n),
    chat_operators_over_limit: Number(overLimit.rows[0]!.n),
    chats_answered_twice: Number(twice.rows[0]!.n),
  };
}
