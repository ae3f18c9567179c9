import { describe, expect, it } from 'vitest';
import { computeBalance } from '../services/balance.ts';

const charges = [
  { amountKopecks: 150_000, dueDate: '2026-10-10' },
  { amountKopecks: 180_000, dueDate: '2026-11-10' },
  { amountKopecks: 200_000, dueDate: '2026-12-10' },
];

describe('computeBalance', () => {
  it('settles the oldest charges first; unpaid past the due date is overdue', () => {
    expect(computeBalance(charges, 200_000, '2026-11-27')).toEqual({
      dueKopecks: 330_000,
      overdueKopecks: 130_000,
      advanceKopecks: 0,
      nextDueDate: '2026-12-10',
    });
  });

  it('is not overdue on the due date itself, overdue the day after', () => {
    expect(computeBalance(charges, 150_000, '2026-11-10')).toMatchObject({
      overdueKopecks: 0,
      nextDueDate: '2026-11-10',
    });
    expect(computeBalance(charges, 150_000, '2026-11-11')).toMatchObject({
      overdueKopecks: 180_000,
      nextDueDate: '2026-12-10',
    });
  });

  it('reports an advance when payments exceed charges', () => {
    expect(computeBalance(charges, 600_000, '2026-12-20')).toEqual({
      dueKopecks: 0,
      overdueKopecks: 0,
      advanceKopecks: 70_000,
      nextDueDate: null,
    });
  });

  it('counts a recalculation in the client favour like a payment', () => {
    const withCredit = [...charges, { amountKopecks: -50_000, dueDate: '2026-11-10' }];
    expect(computeBalance(withCredit, 100_000, '2026-11-27')).toMatchObject({
      dueKopecks: 380_000,
      overdueKopecks: 180_000,
    });
  });

  it('has nothing due for an account without charges', () => {
    expect(computeBalance([], 0, '2026-11-27')).toEqual({
      dueKopecks: 0,
      overdueKopecks: 0,
      advanceKopecks: 0,
      nextDueDate: null,
    });
  });
});
