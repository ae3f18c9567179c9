import type { DeadlineGroup } from '../vocabulary/index.ts';

/** What a deadline is for (R-APL-3, R-APL-4). `register` exists for post only. */
export const DEADLINE_KINDS = ['answer', 'interim', 'with-departments', 'external', 'register'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface DeadlineRule {
  unit: 'working_days' | 'calendar_days';
  count: number;
  /** Where the figure comes from, so a reviewer can check it against the standard. */
  source: string;
}

const wd = (count: number, source: string): DeadlineRule => ({ unit: 'working_days', count, source });
const days = (count: number, source: string): DeadlineRule => ({ unit: 'calendar_days', count, source });

/**
 * R-APL-3 as data: (deadline group, kind) → limit. Sections 4.2 (ЕКЦ table), 4.4 (post,
 * interactive services, corruption line, ГИС ЖКХ, ПОС) and 4.5 (feedback book) of the standard.
 * A missing pair means the standard sets no such deadline for that group.
 */
export const DEADLINE_RULES: Readonly<
  Record<DeadlineGroup, Readonly<Partial<Record<DeadlineKind, DeadlineRule>>>>
> = {
  voice: {
    answer: wd(1, '4.2: complex question — within 1 working day'),
    interim: wd(3, '4.2: with other departments or an interim answer — within 3 working days'),
    'with-departments': wd(3, '4.2: with other departments or an interim answer — within 3 working days'),
    external: days(30, '4.2: with external organisations — not more than 30 days'),
  },
  messenger: {
    // 4.2 sets 1 working day for any messenger answer and sends the rest to 4.4's procedure.
    answer: wd(1, '4.2: messengers and social networks — answer within 1 working day'),
    interim: wd(1, '4.2: the interim answer replaces the answer, so it has the answer deadline'),
    'with-departments': wd(
      10,
      '4.2 → 4.4 (interactive): with other departments — not more than 10 working days',
    ),
    external: days(30, '4.2 → 4.4: with external organisations — not more than 30 days'),
  },
  interactive: {
    answer: wd(3, '4.4: answer or interim answer — not more than 3 working days'),
    interim: wd(3, '4.4: answer or interim answer — not more than 3 working days'),
    'with-departments': wd(10, '4.4: with other departments — not more than 10 working days'),
    external: days(30, '4.4: with external organisations — not more than 30 days'),
  },
  post: {
    register: wd(1, '4.4: registration, classification and hand-over — not more than 1 working day'),
    answer: wd(10, '4.4: answer or interim answer — not more than 10 working days'),
    interim: wd(10, '4.4: answer or interim answer — not more than 10 working days'),
    // Post has no separate figure for other departments: the answer limit still applies.
    'with-departments': wd(10, '4.4: the answer limit (10 working days) applies'),
    external: days(30, '4.4: with external organisations — not more than 30 days'),
  },
  regulated: {
    // Corruption line, ГИС ЖКХ, ПОС (4.4) and the feedback book (4.5) have one limit for any answer.
    answer: wd(10, '4.4/4.5: answer — not more than 10 working days'),
    interim: wd(10, '4.4/4.5: one limit of 10 working days for any answer'),
    'with-departments': wd(10, '4.4/4.5: one limit of 10 working days for any answer'),
    external: wd(10, '4.4/4.5: one limit of 10 working days for any answer, external or not'),
  },
};
