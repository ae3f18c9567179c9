import { readFileSync } from 'node:fs';
import { isTopicId, TOPIC_IDS, type TopicId } from '../../vocabulary/index.ts';

/** One labelled row of an evaluation file in the format of ../shared/nlu/dev.tsv. */
export interface LabelledRow {
  topic: TopicId;
  abusive: boolean;
  channel: string;
  text: string;
  also: TopicId[];
}

export interface Prediction {
  topic: TopicId;
  abusive: boolean;
}

export interface TopicMetrics {
  topic: TopicId;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalReport {
  rows: number;
  accuracy: number;
  macroF1: number;
  perTopic: TopicMetrics[];
  /** (expected, predicted) pairs that were confused, most frequent first. */
  confusions: { expected: TopicId; predicted: TopicId; count: number }[];
  abusive: {
    precision: number;
    recall: number;
    truePositives: number;
    falsePositives: number;
    falseNegatives: number;
  };
  mistakes: { row: LabelledRow; predicted: Prediction }[];
}

/** Parses a TSV with a header naming at least topic, abusive and text (channel and also optional). */
export function parseLabelledTsv(content: string, source = 'input'): LabelledRow[] {
  const lines = content.split(/\r?\n/).filter((l) => l.trim());
  const header = (lines.shift() ?? '').split('\t');
  const column = (name: string): number => header.indexOf(name);
  if (column('topic') < 0 || column('text') < 0 || column('abusive') < 0) {
    throw new Error(`${source}: the header must name the columns topic, abusive and text`);
  }
  return lines.map((line, index) => {
    const cells = line.split('\t');
    const topic = cells[column('topic')] ?? '';
    if (!isTopicId(topic)) throw new Error(`${source}:${index + 2}: unknown topic "${topic}"`);
    const also = (column('also') >= 0 ? (cells[column('also')] ?? '') : '')
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((t) => {
        if (!isTopicId(t)) throw new Error(`${source}:${index + 2}: unknown topic "${t}" in also`);
        return t;
      });
    return {
      topic,
      abusive: (cells[column('abusive')] ?? '').trim() === '1',
      channel: column('channel') >= 0 ? (cells[column('channel')] ?? '') : '',
      text: cells[column('text')] ?? '',
      also,
    };
  });
}

export function readLabelledFile(path: string): LabelledRow[] {
  return parseLabelledTsv(readFileSync(path, 'utf8'), path);
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function evaluate(rows: readonly LabelledRow[], predict: (text: string) => Prediction): EvalReport {
  const confusion = new Map<string, number>();
  const mistakes: EvalReport['mistakes'] = [];
  const truePos = new Map<TopicId, number>();
  const predicted = new Map<TopicId, number>();
  const actual = new Map<TopicId, number>();
  let correct = 0;
  const abusive = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  for (const row of rows) {
    const prediction = predict(row.text);
    actual.set(row.topic, (actual.get(row.topic) ?? 0) + 1);
    predicted.set(prediction.topic, (predicted.get(prediction.topic) ?? 0) + 1);
    if (prediction.topic === row.topic) {
      correct++;
      truePos.set(row.topic, (truePos.get(row.topic) ?? 0) + 1);
    } else {
      const key = `${row.topic}\t${prediction.topic}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
    }
    if (prediction.abusive && row.abusive) abusive.truePositives++;
    else if (prediction.abusive) abusive.falsePositives++;
    else if (row.abusive) abusive.falseNegatives++;
    if (prediction.topic !== row.topic || prediction.abusive !== row.abusive)
      mistakes.push({ row, predicted: prediction });
  }
  const perTopic = TOPIC_IDS.filter((t) => actual.has(t) || predicted.has(t)).map((topic) => {
    const precision = ratio(truePos.get(topic) ?? 0, predicted.get(topic) ?? 0);
    const recall = ratio(truePos.get(topic) ?? 0, actual.get(topic) ?? 0);
    return {
      topic,
      support: actual.get(topic) ?? 0,
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
    };
  });
  const scored = perTopic.filter((m) => m.support > 0);
  return {
    rows: rows.length,
    accuracy: ratio(correct, rows.length),
    macroF1: ratio(
      scored.reduce((sum, m) => sum + m.f1, 0),
      scored.length,
    ),
    perTopic,
    confusions: [...confusion.entries()]
      .map(([key, count]) => {
        const [expected, predictedTopic] = key.split('\t') as [TopicId, TopicId];
        return { expected, predicted: predictedTopic, count };
      })
      .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected)),
    abusive: {
      ...abusive,
      precision: ratio(abusive.truePositives, abusive.truePositives + abusive.falsePositives),
      recall: ratio(abusive.truePositives, abusive.truePositives + abusive.falseNegatives),
    },
    mistakes,
  };
}
