import { z } from 'zod';
import { inTransaction, type Pool, type Queryable } from '../../db/index.ts';
import { TOPIC_IDS, type TopicId } from '../../vocabulary/index.ts';
import { KNOWLEDGE_VARIANTS, type KnowledgeVariant, readSeedAnswers, type SeedAnswer } from './files.ts';

/** A stored knowledge answer (one version). */
export interface KnowledgeAnswer {
  topic: TopicId;
  variant: KnowledgeVariant;
  version: number;
  body: string;
  active: boolean;
  updatedBy: string;
  updatedAt: Date;
}

export const answerUpdateSchema = z.object({
  topic: z.enum(TOPIC_IDS),
  variant: z.enum(KNOWLEDGE_VARIANTS),
  body: z
    .string()
    .trim()
    .min(1, 'the answer text is empty')
    .max(4000, 'the answer text is longer than 4000 characters'),
  updatedBy: z.string().trim().min(1, 'who edits the answer must be named'),
});
export type AnswerUpdate = z.input<typeof answerUpdateSchema>;

interface Row {
  topic: TopicId;
  variant: KnowledgeVariant;
  version: number;
  body: string;
  active: boolean;
  updated_by: string;
  updated_at: Date;
}

function fromRow(row: Row): KnowledgeAnswer {
  return {
    topic: row.topic,
    variant: row.variant,
    version: row.version,
    body: row.body,
    active: row.active,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

const COLUMNS = 'topic, variant, version, body, active, updated_by, updated_at';

/** Knowledge answers in PostgreSQL: read the active one, publish a new version, seed from files. */
export class KnowledgeService {
  constructor(private readonly pool: Pool) {}

  async getActive(topic: TopicId, variant: KnowledgeVariant): Promise<KnowledgeAnswer | undefined> {
    const { rows } = await this.pool.query<Row>(
      `select ${COLUMNS} from knowledge_answers where topic = $1 and variant = $2 and active`,
      [topic, variant],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async listActive(): Promise<KnowledgeAnswer[]> {
    const { rows } = await this.pool.query<Row>(
      `select ${COLUMNS} from knowledge_answers where active order by topic, variant`,
    );
    return rows.map(fromRow);
  }

  async history(topic: TopicId, variant: KnowledgeVariant): Promise<KnowledgeAnswer[]> {
    const { rows } = await this.pool.query<Row>(
      `select ${COLUMNS} from knowledge_answers where topic = $1 and variant = $2 order by version desc`,
      [topic, variant],
    );
    return rows.map(fromRow);
  }

  /** Publishes a new version and deactivates the previous one, atomically. */
  async update(input: AnswerUpdate): Promise<KnowledgeAnswer> {
    const update = answerUpdateSchema.parse(input);
    return inTransaction(this.pool, (client) => publish(client, update));
  }

  /**
   * Loads the seed files: a topic/variant gets a new version only when its active text differs
   * from the file and was itself seeded — re-seeding is idempotent and never overwrites a person's edit.
   */
  async seed(
    answers: readonly SeedAnswer[] = readSeedAnswers(),
  ): Promise<{ added: number; unchanged: number }> {
    return inTransaction(this.pool, async (client) => {
      let added = 0;
      let unchanged = 0;
      for (const answer of answers) {
        const { rows } = await client.query<{ body: string; updated_by: string }>(
          'select body, updated_by from knowledge_answers where topic = $1 and variant = $2 and active',
          [answer.topic, answer.variant],
        );
        const current = rows[0];
        // An answer edited by a person is kept: the seed only fills gaps and refreshes seed text.
        if (current && (current.body === answer.body || current.updated_by !== 'seed')) {
          unchanged++;
          continue;
        }
        await publish(client, { ...answer, updatedBy: 'seed' });
        added++;
      }
      return { added, unchanged };
    });
  }
}

async function publish(
  client: Queryable,
  update: { topic: TopicId; variant: KnowledgeVariant; body: string; updatedBy: string },
): Promise<KnowledgeAnswer> {
  // Serialises concurrent edits of the same answer.
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [
    `knowledge:${update.topic}:${update.variant}`,
  ]);
  await client.query(
    'update knowledge_answers set active = false where topic = $1 and variant = $2 and active',
    [update.topic, update.variant],
  );
  const { rows } = await client.query<Row>(
    `insert into knowledge_answers (topic, variant, version, body, active, updated_by)
     select $1, $2, coalesce(max(version), 0) + 1, $3, true, $4
       from knowledge_answers where topic = $1 and variant = $2
     returning ${COLUMNS}`,
    [update.topic, update.variant, update.body.trim(), update.updatedBy],
  );
  return fromRow(rows[0]!);
}
