import type { Queryable } from '../../../../core/db/index.ts';
import type { TopicId } from '../../../../core/vocabulary/index.ts';
import { type KnowledgeItem, topicTitle } from '../services/knowledge-search.ts';

/**
 * The active knowledge answers (0003_knowledge) an operator reads and copies: the text variant
 * (written for chats), the voice one where a topic has no text.
 */
export async function activeKnowledge(db: Queryable): Promise<KnowledgeItem[]> {
  const { rows } = await db.query<{ topic: TopicId; body: string }>(
    `select distinct on (topic) topic, body from knowledge_answers
      where active order by topic, (variant = 'text') desc`,
  );
  return rows.map((row) => ({ topic: row.topic, title: topicTitle(row.topic), body: row.body }));
}
