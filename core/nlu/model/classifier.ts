import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopicId } from '../../vocabulary/index.ts';
import type { Token } from '../text/features.ts';
import type { ModelFile } from './format.ts';
import { softmaxInPlace } from './train.ts';
import { vectorOf } from './vector.ts';

export const MODEL_FILE = join(dirname(fileURLToPath(import.meta.url)), 'model.json');

export interface TopicScore {
  topic: TopicId;
  score: number;
}

/** A loaded model: scores every topic for a tokenised text (probabilities summing to 1). */
export class TopicModel {
  private readonly weights: Map<string, Float64Array>;
  readonly topics: readonly TopicId[];
  private readonly bias: Float64Array;

  constructor(file: ModelFile) {
    if (file.format !== 1) throw new Error(`unsupported NLU model format ${String(file.format)}`);
    this.topics = file.topics;
    this.bias = Float64Array.from(file.bias);
    this.weights = new Map(Object.entries(file.weights).map(([name, row]) => [name, Float64Array.from(row)]));
  }

  /** All topics, best first. */
  score(tokens: readonly Token[]): TopicScore[] {
    const scores = Array.from(this.bias);
    const vector = vectorOf(tokens);
    for (let k = 0; k < vector.names.length; k++) {
      const row = this.weights.get(vector.names[k]!);
      if (!row) continue;
      const v = vector.values[k]!;
      for (let c = 0; c < scores.length; c++) scores[c]! += row[c]! * v;
    }
    softmaxInPlace(scores);
    return this.topics.map((topic, i) => ({ topic, score: scores[i]! })).sort((a, b) => b.score - a.score);
  }
}

let loaded: TopicModel | undefined;

/** The committed model, read once per process. */
export function loadTopicModel(path = MODEL_FILE): TopicModel {
  if (path !== MODEL_FILE) return new TopicModel(JSON.parse(readFileSync(path, 'utf8')) as ModelFile);
  loaded ??= new TopicModel(JSON.parse(readFileSync(path, 'utf8')) as ModelFile);
  return loaded;
}
