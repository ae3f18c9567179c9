export { type AbuseVerdict, detectAbuse } from './abuse/detect.ts';
export { type Entities, extractEntities } from './entities/extract.ts';
export { type KnowledgeVariant, readSeedAnswers } from './knowledge/files.ts';
export { type KnowledgeAnswer, KnowledgeService } from './knowledge/service.ts';
export { loadTopicModel, type TopicScore } from './model/classifier.ts';
export { DEFAULT_DECISION_POLICY, type Decision, type DecisionPolicy, decide } from './services/decide.ts';
export { Understander, type Understanding, type UnderstandingDetails } from './services/understand.ts';
export * from './speak/index.ts';
