/** The operator-queue (ACD) library: what the desktop server, the IVR and the chatbot import. */

export {
  loadQueues,
  loadSkills,
  publishQueues,
  queueTitles,
  saveQueue,
  saveSkills,
} from './db/definitions.ts';
export { OutboxWriter } from './db/outbox-writer.ts';
export { needsRecovery, recoverFromDatabase } from './db/recovery.ts';
export { type AgentFigures, publishFigures, readAgentFigures, readQueueFigures } from './events/figures.ts';
export { type AcdEvent, followEvents, readEvents } from './events/stream.ts';
export { acdFromContext } from './factory.ts';
export { type AcdKeys, acdKeys } from './keys.ts';
export {
  Acd,
  type AcdOptions,
  type BreakRule,
  type EnqueueResult,
  type SetStateResult,
} from './router/acd.ts';
export { AcdError } from './router/errors.ts';
export { type AcdConfig, acdConfigSchema } from './schemas/config.ts';
export {
  MEDIA,
  type QueueDefinition,
  type QueueDefinitionInput,
  ROUTING_STRATEGIES,
} from './schemas/queue.ts';
export type { QueueFigures } from './services/service-level.ts';
export { type AcdWorkingTime, acdWorkingTime } from './services/working-time.ts';
export { TimerPoller } from './timers/poller.ts';
