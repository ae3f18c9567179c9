import type { Queryable } from '../../../../core/db/pool.ts';
import type { ChatAttachment, ChatLine, Speaker } from '../schemas.ts';

/** Transcript lines (`interaction_events`, kind `chat.message`, written by the chatbot) per chat. */
export async function storedLines(db: Queryable, ixIds: string[]): Promise<Map<string, ChatLine[]>> {
  const byChat = new Map<string, ChatLine[]>(ixIds.map((ix) => [ix, []]));
  if (ixIds.length === 0) return byChat;
  const { rows } = await db.query<{
    ix: string;
    at: Date;
    agent: string | null;
    data: Record<string, unknown>;
  }>(
    `select interaction_id as ix, at, agent_id as agent, data
       from interaction_events
      where interaction_id = any($1::uuid[]) and kind = 'chat.message'
      order by interaction_id, at, id`,
    [ixIds],
  );
  for (const row of rows) {
    const line: ChatLine = {
      at: row.at.getTime(),
      from: row.data.from as Speaker,
      text: String(row.data.text ?? ''),
    };
    if (Array.isArray(row.data.attachments)) line.attachments = row.data.attachments as ChatAttachment[];
    if (row.agent) line.agentId = String(row.agent);
    byChat.get(row.ix)?.push(line);
  }
  return byChat;
}
