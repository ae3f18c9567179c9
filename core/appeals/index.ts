export type { Appeal, AppealEvent } from './db.ts';
export {
  AppealError,
  AppealNotFoundError,
  AppealRuleError,
  AppealStateError,
  AppealValidationError,
} from './exceptions.ts';
export { ANSWER_DEADLINE_KIND, canMove, OPEN_APPEAL_STATES, owesInterimAnswer } from './lifecycle.ts';
export { formatRegNumber, REG_NUMBER_PATTERN } from './numbering.ts';
export type {
  AnswerInput,
  InterimAnswerInput,
  NoActionInput,
  RegisterAppealInput,
  StepInput,
} from './schemas.ts';
export {
  type AppealService,
  type AppealServiceOptions,
  createAppealService,
  type StageHook,
} from './service.ts';
