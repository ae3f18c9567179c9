import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import { TOPIC_IDS } from '../../vocabulary/index.ts';
import { parseAnswerFile, readSeedAnswers } from '../knowledge/files.ts';
import { KnowledgeService } from '../knowledge/service.ts';

let db: TestDatabase;
let knowledge: KnowledgeService;

beforeAll(async () => {
  db = await createTestDatabase();
  knowledge = new KnowledgeService(db.pool);
});
afterAll(async () => {
  await db.drop();
});

describe('knowledge answers', () => {
  it('the seed files cover every topic with a text and a voice answer, polite and in Russian', () => {
    const answers = readSeedAnswers();
    for (const topic of TOPIC_IDS) {
      for (const variant of ['text', 'voice'] as const) {
        const answer = answers.find((a) => a.topic === topic && a.variant === variant);
        expect(answer, `${topic}/${variant}`).toBeDefined();
        expect(answer!.body).toMatch(/[а-я]/);
      }
    }
    const payment = answers.find((a) => a.topic === 'payment_methods' && a.variant === 'text')!;
    expect(payment.body).toMatch(/^Здравствуйте!/);
    expect(payment.body).toMatch(/Спасибо, что обратились/);
    // Voice answers are read by a synthesiser: no bullets, arrows or emoji.
    for (const a of answers.filter((x) => x.variant === 'voice')) expect(a.body).not.toMatch(/[•→😀-🙏]/u);
  });

  it('seeding loads every answer once and is idempotent', async () => {
    const first = await knowledge.seed();
    expect(first.added).toBe(TOPIC_IDS.length * 2);
    const again = await knowledge.seed();
    expect(again).toEqual({ added: 0, unchanged: TOPIC_IDS.length * 2 });
    const offices = await knowledge.getActive('offices', 'voice');
    expect(offices).toMatchObject({
      topic: 'offices',
      variant: 'voice',
      version: 1,
      updatedBy: 'seed',
      active: true,
    });
  });

  it('an edit publishes a new version, keeps the old one and survives re-seeding', async () => {
    const edited = await knowledge.update({
      topic: 'tariffs',
      variant: 'text',
      body: '  Здравствуйте! Тарифы с 1 июля опубликованы на сайте.  ',
      updatedBy: 'supervisor1',
    });
    expect(edited).toMatchObject({
      version: 2,
      active: true,
      body: 'Здравствуйте! Тарифы с 1 июля опубликованы на сайте.',
    });
    const history = await knowledge.history('tariffs', 'text');
    expect(history.map((h) => [h.version, h.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    await knowledge.seed();
    expect((await knowledge.getActive('tariffs', 'text'))?.updatedBy).toBe('supervisor1');
    expect((await knowledge.listActive()).length).toBe(TOPIC_IDS.length * 2);
  });

  it('concurrent edits get distinct versions and leave exactly one active answer', async () => {
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        knowledge.update({ topic: 'bill', variant: 'voice', body: `Вариант ${n}`, updatedBy: `op${n}` }),
      ),
    );
    const history = await knowledge.history('bill', 'voice');
    expect(history.map((h) => h.version)).toEqual([5, 4, 3, 2, 1]);
    expect(history.filter((h) => h.active)).toHaveLength(1);
  });

  it('rejects bad edits with a clear error and changes nothing', async () => {
    await expect(
      knowledge.update({ topic: 'bill', variant: 'text', body: '   ', updatedBy: 'op1' }),
    ).rejects.toThrow(/the answer text is empty/);
    await expect(
      knowledge.update({ topic: 'weather' as never, variant: 'text', body: 'x', updatedBy: 'op1' }),
    ).rejects.toThrow();
    expect((await knowledge.history('bill', 'text')).length).toBe(1);
    expect(() => parseAnswerFile('bill', '## audio\nтекст')).toThrow(/unknown section/);
    expect(() => parseAnswerFile('bill', 'без разделов')).toThrow(/no "## text"/);
  });
});
