import { CHAT_CHANNELS } from '../../../../chatbot/dialog/types.ts';
import type { Queryable } from '../../../../core/db/pool.ts';
import type { ReviewChat } from '../schemas.ts';

/** The most chats one list shows (newest first); a narrower period shows older ones. */
export const REVIEW_LIST_LIMIT = 200;

const SELECT = `
  select i.id, i.channel, i.queue, i.state, i.outcome, i.topics, i.started_at, i.answered_at, i.closed_at,
         i.csat, i.agent_id, u.full_name as agent_name,
         (select count(*) from interaction_events e
           where e.interaction_id = i.id and e.kind = 'chat.message')::int as lines
    from interactions i left join users u on u.id = i.agent_id`;

interface Row {
  id: string;
  channel: string;
  queue: string | null;
  state: string;
  outcome: string | null;
  topics: string[];
  started_at: Date;
  answered_at: Date | null;
  closed_at: Date | null;
  csat: number | null;
  agent_id: string | null;
  agent_name: string | null;
  lines: number;
}

function toReviewChat(row: Row): ReviewChat {
  return {
    ix: row.id,
    channel: row.channel,
    queue: row.queue,
    state: row.state,
    outcome: row.outcome,
    topics: row.topics,
    agent: row.agent_id ? { id: String(row.agent_id), fullName: row.agent_name ?? '' } : null,
    startedAt: row.started_at.getTime(),
    answeredAt: row.answered_at?.getTime() ?? null,
    closedAt: row.closed_at?.getTime() ?? null,
    csat: row.csat,
    lines: row.lines,
  };
}

/**
 * Chats (Telegram, VK, web chat) started since `since`, the bot-only ones included: what a
 * supervisor or quality controller may open. `activeOnly`: not closed yet. No client data here.
 */
export async function chatsForReview(
  db: Queryable,
  options: { since: Date; activeOnly: boolean },
): Promise<ReviewChat[]> {
  const { rows } = await db.query<Row>(
    `${SELECT}
      where i.channel = any($1) and i.started_at >= $2 and ($3::boolean is false or i.closed_at is null)
      order by i.started_at desc, i.id
      limit $4`,
    [CHAT_CHANNELS, options.since, options.activeOnly, REVIEW_LIST_LIMIT],
  );
  return rows.map(toReviewChat);
}

/** One chat by its interaction id (undefined: unknown, or not a chat). */
export async function chatForReview(db: Queryable, ix: string): Promise<ReviewChat | undefined> {
  const { rows } = await db.query<Row>(`${SELECT} where i.id = $1 and i.channel = any($2)`, [
    ix,
    CHAT_CHANNELS,
  ]);
  return rows[0] ? toReviewChat(rows[0]) : undefined;
}

/** Employees' names by user id (ACD agent id = users.id): staff data, not the client's. */
export async function staffNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  // Agent ids of users are their numeric ids; anything else (a test's or a tool's agent) has no name.
  const numeric = ids.filter((id) => /^\d{1,18}$/.test(id));
  if (numeric.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; full_name: string }>(
    'select id, full_name from users where id = any($1::bigint[])',
    [numeric],
  );
  return new Map(rows.map((row) => [String(row.id), row.full_name]));
}
