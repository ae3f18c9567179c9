import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, readLabelledFile } from '../services/evaluate.ts';
import { Understander } from '../services/understand.ts';

// The evaluation set is never trained on; it lives outside the repository (../shared).
const DEV = fileURLToPath(new URL('../../../../shared/nlu/dev.tsv', import.meta.url));
const PROBE = fileURLToPath(new URL('./fixtures/probe.tsv', import.meta.url));

describe('targets of issue 3', () => {
  const understander = new Understander();

  it('dev.tsv: macro-F1 ≥ 0.92, abusive precision and recall ≥ 0.95', () => {
    expect(existsSync(DEV), `${DEV} is missing`).toBe(true);
    const report = evaluate(readLabelledFile(DEV), (text) => understander.understand(text));
    expect(report.rows).toBe(360);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.92);
    expect(report.abusive.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.abusive.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('our own probe set (phrasing not in the templates): macro-F1 ≥ 0.92', () => {
    const report = evaluate(readLabelledFile(PROBE), (text) => understander.understand(text));
    expect(report.macroF1).toBeGreaterThanOrEqual(0.92);
    expect(report.abusive.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.abusive.recall).toBeGreaterThanOrEqual(0.9);
  });
});
