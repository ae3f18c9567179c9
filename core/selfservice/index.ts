export type {
  BalanceFacts,
  IdentifiedAccount,
  IdentifyResult,
  MeterFacts,
  Mode,
  OutageFacts,
  ReadingResultFacts,
  ReadingSubmission,
} from './facts.ts';
export { secondFactorMatches, shortAddress, shortName } from './identify.ts';
export { type PhraseId, phrases } from './phrases.ts';
export { formatRubles, renderBalance, renderOutages, renderReadingResults } from './render.ts';
export {
  type KnowledgeLookup,
  type ReadingInput,
  SelfService,
  type SelfServiceDeps,
  SelfServiceError,
} from './service.ts';
