import { describe, expect, it } from 'vitest';
import { APPEAL_STATES } from '../../vocabulary/index.ts';
import { canMove } from '../lifecycle.ts';
import { formatRegNumber, REG_NUMBER_PATTERN } from '../numbering.ts';

describe('appeal stages', () => {
  it('follow registered → in_progress → interim_answered → answered / no_action → closed', () => {
    expect(canMove('registered', 'in_progress')).toBe(true);
    expect(canMove('in_progress', 'interim_answered')).toBe(true);
    expect(canMove('interim_answered', 'answered')).toBe(true);
    expect(canMove('in_progress', 'no_action')).toBe(true);
    expect(canMove('answered', 'closed')).toBe(true);
    expect(canMove('no_action', 'closed')).toBe(true);
  });

  it('never leave closed and never skip the answer', () => {
    for (const to of APPEAL_STATES) expect(canMove('closed', to)).toBe(false);
    expect(canMove('registered', 'closed')).toBe(false);
    expect(canMove('in_progress', 'closed')).toBe(false);
    expect(canMove('interim_answered', 'no_action')).toBe(false);
    expect(canMove('answered', 'in_progress')).toBe(false);
  });
});

describe('registration numbers', () => {
  it('are ЕКЦ-<year>-<6 digits>, wider past a million', () => {
    expect(formatRegNumber(2026, 123)).toBe('ЕКЦ-2026-000123');
    expect(formatRegNumber(2026, 1_234_567)).toBe('ЕКЦ-2026-1234567');
    expect(REG_NUMBER_PATTERN.test('ЕКЦ-2026-000123')).toBe(true);
    expect(REG_NUMBER_PATTERN.test('ЕКЦ-2026-123')).toBe(false);
  });
});
