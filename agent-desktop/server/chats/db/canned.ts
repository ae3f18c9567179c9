import type { Queryable } from '../../../../core/db/pool.ts';
import { phrases } from '../../../../core/selfservice/index.ts';
import { TOPICS, type TopicId } from '../../../../core/vocabulary/index.ts';
import type { CannedAnswer } from '../schemas.ts';

/** The standard's phrases an operator types most (greeting, closing), before the topic answers. */
const PHRASES: CannedAnswer[] = [
  { id: 'phrase:greeting', group: 'Фразы', title: 'Приветствие', text: phrases.greeting },
  { id: 'phrase:anything-else', group: 'Фразы', title: 'Другие вопросы', text: phrases.anythingElse },
  {
    id: 'phrase:closing',
    group: 'Фразы',
    title: 'Завершение',
    text: `${phrases.thanks} ${phrases.goodbye}`,
  },
];

/**
 * Canned answers for a chat: the standard's phrases and the knowledge base's active text answers
 * (`knowledge_answers`, variant `text`), the chat's topic first; `q` searches titles and texts.
 */
export async function cannedAnswers(
  db: Queryable,
  options: { topic?: TopicId; q?: string },
): Promise<CannedAnswer[]> {
  const { rows } = await db.query<{ id: string; topic: TopicId; body: string }>(
    `select id, topic, body from knowledge_answers where active and variant = 'text'
      order by (topic = $1) desc, topic`,
    [options.topic ?? null],
  );
  const answers = [
    ...PHRASES,
    ...rows.map((row) => ({
      id: `kb:${row.id}`,
      group: 'База знаний',
      title: TOPICS[row.topic].labelRu,
      text: row.body,
    })),
  ];
  const q = options.q?.toLocaleLowerCase('ru');
  if (!q) return answers;
  return answers.filter((a) => `${a.title}\n${a.text}`.toLocaleLowerCase('ru').includes(q));
}
