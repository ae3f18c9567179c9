import { TOPIC_IDS, type TopicId } from '../../vocabulary/index.ts';
import type { TrainingExample } from '../data/generate.ts';
import { tokenize } from '../text/features.ts';
import type { ModelFile } from './format.ts';
import { seededRandom } from './random.ts';
import { type SparseVector, vectorOf } from './vector.ts';

/**
 * Multinomial logistic regression trained by plain SGD with a fixed seed: the same data gives the
 * same model file byte for byte. Weight decay is applied lazily to the active features only.
 */
export interface TrainOptions {
  seed?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
}

const DEFAULTS = { seed: 7, epochs: 16, learningRate: 0.8, l2: 1e-5 } as const;
/** Weights smaller than this (in every topic) are dropped from the file: smaller, same decisions. */
const PRUNE_BELOW = 0.01;

export function softmaxInPlace(scores: number[]): number[] {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = Math.exp(scores[i]! - max);
    sum += scores[i]!;
  }
  for (let i = 0; i < scores.length; i++) scores[i]! /= sum;
  return scores;
}

export function trainModel(examples: readonly TrainingExample[], options: TrainOptions = {}): ModelFile {
  const { seed, epochs, learningRate, l2 } = { ...DEFAULTS, ...options };
  const topics: TopicId[] = [...TOPIC_IDS];
  const classCount = topics.length;
  const featureIndex = new Map<string, number>();
  const rows: { x: { idx: number[]; values: number[] }; y: number }[] = [];
  for (const example of examples) {
    const vector: SparseVector = vectorOf(tokenize(example.text));
    const idx = vector.names.map((name) => {
      let index = featureIndex.get(name);
      if (index === undefined) {
        index = featureIndex.size;
        featureIndex.set(name, index);
      }
      return index;
    });
    rows.push({ x: { idx, values: vector.values }, y: topics.indexOf(example.topic) });
  }
  const weights = new Float64Array(featureIndex.size * classCount);
  const bias = new Float64Array(classCount);
  const random = seededRandom(seed);
  const order = rows.map((_, i) => i);
  const scores = new Array<number>(classCount);
  // Averaged SGD: the model is the mean of the weights after each epoch of the second half, which
  // evens out the last updates' noise (steadier on unseen phrasing than the final iterate).
  const averaged = new Float64Array(weights.length);
  const averagedBias = new Float64Array(classCount);
  let snapshots = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = learningRate / (1 + epoch * 0.5);
    for (const rowIndex of order) {
      const { x, y } = rows[rowIndex]!;
      for (let c = 0; c < classCount; c++) scores[c] = bias[c]!;
      for (let k = 0; k < x.idx.length; k++) {
        const base = x.idx[k]! * classCount;
        const v = x.values[k]!;
        for (let c = 0; c < classCount; c++) scores[c]! += weights[base + c]! * v;
      }
      softmaxInPlace(scores);
      for (let c = 0; c < classCount; c++) {
        const gradient = scores[c]! - (c === y ? 1 : 0);
        bias[c]! -= rate * gradient;
        for (let k = 0; k < x.idx.length; k++) {
          const at = x.idx[k]! * classCount + c;
          weights[at] = weights[at]! - rate * (gradient * x.values[k]! + l2 * weights[at]!);
        }
      }
    }
    if (epoch >= Math.floor(epochs / 2)) {
      for (let i = 0; i < weights.length; i++) averaged[i]! += weights[i]!;
      for (let c = 0; c < classCount; c++) averagedBias[c]! += bias[c]!;
      snapshots++;
    }
  }
  for (let i = 0; i < weights.length; i++) weights[i] = averaged[i]! / snapshots;
  for (let c = 0; c < classCount; c++) bias[c] = averagedBias[c]! / snapshots;
  const file: ModelFile = {
    format: 1,
    topics,
    bias: [...bias].map(round),
    weights: {},
    training: { examples: examples.length, seed, epochs, l2 },
  };
  const names = [...featureIndex.keys()].sort();
  for (const name of names) {
    const base = featureIndex.get(name)! * classCount;
    const row = [...weights.subarray(base, base + classCount)];
    if (row.some((w) => Math.abs(w) >= PRUNE_BELOW)) file.weights[name] = row.map(round);
  }
  return file;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
