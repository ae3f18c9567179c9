import type { DeadlineKind } from '../calendar/deadline-rules.ts';
import type { AppealKind, AppealState } from '../vocabulary/index.ts';

/**
 * Appeal stages (R-APL-1: "all stages of handling"):
 * registered → in_progress → interim_answered → answered / no_action → closed.
 * An interim answer is optional; no_action ends the handling with a recorded reason (R-APL-6).
 */
const NEXT_STATES: Readonly<Record<AppealState, readonly AppealState[]>> = {
  registered: ['in_progress', 'interim_answered', 'answered', 'no_action'],
  in_progress: ['interim_answered', 'answered', 'no_action'],
  interim_answered: ['in_progress', 'answered'],
  answered: ['closed'],
  no_action: ['closed'],
  closed: [],
};

export const OPEN_APPEAL_STATES: readonly AppealState[] = ['registered', 'in_progress', 'interim_answered'];

export function canMove(from: AppealState, to: AppealState): boolean {
  return NEXT_STATES[from].includes(to);
}

/** Which R-APL-3 deadline the whole appeal has, by its kind. */
export const ANSWER_DEADLINE_KIND: Readonly<Record<AppealKind, DeadlineKind>> = {
  simple: 'answer',
  complex: 'answer',
  with_departments: 'with-departments',
  external: 'external',
};

/** R-APL-4: only appeals that need an external organisation owe an interim answer. */
export function owesInterimAnswer(kind: AppealKind): boolean {
  return kind === 'external';
}
