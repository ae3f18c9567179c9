import { writeFileSync } from 'node:fs';
import { generateExamples, readTrainingFile, writeTrainingFile } from '../data/generate.ts';
import { MODEL_FILE } from './classifier.ts';
import { trainModel } from './train.ts';

export interface BuildResult {
  examples: number;
  features: number;
  path: string;
  millis: number;
}

/**
 * Regenerates train.tsv from the templates (deterministic) and retrains model.json from it.
 * With `regenerate: false` only retrains from the committed train.tsv.
 */
export function rebuildModel(options: { regenerate?: boolean; output?: string } = {}): BuildResult {
  const started = performance.now();
  if (options.regenerate !== false) writeTrainingFile(generateExamples());
  const examples = readTrainingFile();
  const model = trainModel(examples);
  const path = options.output ?? MODEL_FILE;
  writeFileSync(path, `${JSON.stringify(model)}\n`);
  return {
    examples: examples.length,
    features: Object.keys(model.weights).length,
    path,
    millis: Math.round(performance.now() - started),
  };
}
