import { describe, expect, it } from 'vitest';
import { errorLines } from '../../platform/fleet.ts';

/** The fault run counted 0 IVR error lines while its log held 52: core/logging writes level labels. */
describe('service error lines of a bench run', () => {
  it('counts error and fatal lines whether pino writes the level as a label or a number', () => {
    const output = [
      '{"level":"warn","msg":"an idle PostgreSQL connection was lost"}',
      '{"level":"error","kind":"recording","msg":"IVR journal entry refused; kept in dead letters"}',
      '{"level":"fatal","msg":"cannot start"}',
      '{"level":50,"msg":"numeric error"}',
      '{"level":60,"msg":"numeric fatal"}',
      '{"level":40,"msg":"numeric warn"}',
      '{"level":500,"msg":"not a pino level"}',
      'hotline is running; Ctrl+C stops it',
    ].join('\n');
    expect(errorLines(output).map((line) => JSON.parse(line).msg)).toEqual([
      'IVR journal entry refused; kept in dead letters',
      'cannot start',
      'numeric error',
      'numeric fatal',
    ]);
  });
});
