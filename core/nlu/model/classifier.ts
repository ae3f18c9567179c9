import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopicId } from '../../vocabulary/index.ts';
import { featuresOf, type Token } from '../text/features.ts';
import type { ModelFile } from './format.ts';
import { SpellingCorrector } from './spelling.ts';
import { softmaxInPlace } from './train.ts';
import { kindWeight } from './vector.ts';

export const MODEL_FILE = join(dirname(fileURLToPath(import.meta.url)), 'model.json');

export interface TopicScore {
  topic: TopicId;
  score: number;
}

/** A loaded model: scores every topic for a tokenised text (probabilities summing to 1). */
export class TopicModel {
  /** Feature name → offset of its row in `matrix` (one flat array: cheap for the garbage collector). */
  private readonly rows: Map<string, number>;
  private readonly matrix: Float64Array;
  readonly topics: readonly TopicId[];
  private readonly bias: Float64Array;
  private readonly spelling: SpellingCorrector;
  /** Reused between calls (scoring is synchronous): fewer allocations, fewer GC pauses. */
  private readonly scratch = new Set<string>();

  constructor(file: ModelFile) {
    if (file.format !== 1) throw new Error(`unsupported NLU model format ${String(file.format)}`);
    this.topics = file.topics;
    this.bias = Float64Array.from(file.bias);
    const entries = Object.entries(file.weights);
    const width = file.topics.length;
    this.matrix = new Float64Array(entries.length * width);
    this.rows = new Map();
    entries.forEach(([name, row], index) => {
      this.matrix.set(row, index * width);
      this.rows.set(name, index * width);
    });
    const stems = Object.keys(file.weights)
      .filter((name) => name.startsWith('w:'))
      .map((name) => name.slice(2));
    this.spelling = new SpellingCorrector(stems);
  }

  /** All topics, best first. */
  score(tokens: readonly Token[]): TopicScore[] {
    const width = this.topics.length;
    const matrix = this.matrix;
    const rows = this.rows;
    const scores = Array.from(this.bias);
    // Same arithmetic as vectorOf (training), without its intermediate arrays: this runs per message.
    const features = featuresOf(this.spelling.correct(tokens), this.scratch);
    let squares = 0;
    for (const name of features) {
      const weight = kindWeight(name);
      squares += weight * weight;
    }
    const norm = Math.sqrt(squares) || 1;
    for (const name of features) {
      const offset = rows.get(name);
      if (offset === undefined) continue;
      const v = kindWeight(name) / norm;
      for (let c = 0; c < width; c++) scores[c] = scores[c]! + matrix[offset + c]! * v;
    }
    softmaxInPlace(scores);
    const ranked: TopicScore[] = [];
    for (let c = 0; c < width; c++) ranked.push({ topic: this.topics[c]!, score: scores[c]! });
    return ranked.sort((a, b) => b.score - a.score);
  }
}

let loaded: TopicModel | undefined;

/** The committed model, read once per process. */
export function loadTopicModel(path = MODEL_FILE): TopicModel {
  if (path !== MODEL_FILE) return new TopicModel(JSON.parse(readFileSync(path, 'utf8')) as ModelFile);
  loaded ??= new TopicModel(JSON.parse(readFileSync(path, 'utf8')) as ModelFile);
  return loaded;
}
