import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateExamples, readTrainingFile, TRAIN_FILE } from '../data/generate.ts';
import { MODEL_FILE } from '../model/classifier.ts';
import { trainModel } from '../model/train.ts';
import { readLabelledFile } from '../services/evaluate.ts';

describe('training is deterministic and uses only our own data', () => {
  it('regenerating the data reproduces the committed train.tsv', () => {
    const committed = readTrainingFile();
    expect(generateExamples()).toEqual(committed);
  });

  it('has many examples for every topic, voice- and chat-style', () => {
    const examples = readTrainingFile();
    const perTopic = new Map<string, { voice: number; chat: number }>();
    for (const e of examples) {
      const counts = perTopic.get(e.topic) ?? { voice: 0, chat: 0 };
      counts[e.channel]++;
      perTopic.set(e.topic, counts);
    }
    expect(perTopic.size).toBe(18);
    for (const [, counts] of perTopic) {
      expect(counts.voice).toBeGreaterThan(200);
      expect(counts.chat).toBeGreaterThan(200);
    }
  });

  it('shares no real message with the evaluation set', () => {
    const dev = readLabelledFile(new URL('../../../../shared/nlu/dev.tsv', import.meta.url).pathname);
    const normalise = (t: string) =>
      t
        .toLowerCase()
        .replace(/ё/g, 'е')
        .replace(/[^а-яa-z0-9]+/g, ' ')
        .trim();
    const training = new Set(readTrainingFile().map((e) => normalise(e.text)));
    const same = dev.filter((r) => training.has(normalise(r.text)));
    // Short generic questions ("как оплатить без комиссии", "справка об отсутствии задолженности")
    // come out of the templates by construction; nothing longer than five words may coincide.
    expect(same.filter((r) => r.text.split(/\s+/).length > 5).map((r) => r.text)).toEqual([]);
    expect(same.length).toBeLessThanOrEqual(dev.length * 0.05);
  });

  it('retraining reproduces the committed model file', { timeout: 180_000 }, () => {
    const model = trainModel(readTrainingFile(TRAIN_FILE));
    expect(`${JSON.stringify(model)}\n`).toBe(readFileSync(MODEL_FILE, 'utf8'));
  });
});
