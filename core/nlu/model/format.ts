import type { TopicId } from '../../vocabulary/index.ts';

/** The committed model file (core/nlu/model/model.json). */
export interface ModelFile {
  format: 1;
  topics: TopicId[];
  bias: number[];
  /** feature name → one weight per topic (same order as `topics`). */
  weights: Record<string, number[]>;
  training: { examples: number; seed: number; epochs: number; l2: number };
}
