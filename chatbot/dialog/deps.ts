import type { Acd } from '../../agent-desktop/server/acd/index.ts';
import type { AppealService } from '../../core/appeals/index.ts';
import type { WorkingTime } from '../../core/calendar/index.ts';
import type { Pool } from '../../core/db/pool.ts';
import type { InteractionService } from '../../core/interactions/index.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { Understander } from '../../core/nlu/index.ts';
import type { SelfService } from '../../core/selfservice/index.ts';
import type { Outbox } from '../outbound/outbox.ts';
import type { ChatKeys } from './keys.ts';
import type { ConversationStore } from './store.ts';

export interface DialogOptions {
  /** How long the bot stops serving a conversation after a second abusive message (R-BOT-5). */
  abuseMuteMs: number;
  /** Silence after which the next message starts a new interaction. */
  idleMs: number;
  /** Failed identifications before the client is handed over. */
  maxIdentifyFailures: number;
  /** Name of the ACD service that watches these interactions. */
  serviceName: string;
}

export const DEFAULT_DIALOG_OPTIONS: DialogOptions = {
  abuseMuteMs: 60 * 60_000,
  idleMs: 60 * 60_000,
  maxIdentifyFailures: 3,
  serviceName: 'chatbot',
};

/** Everything the dialog engine uses; all real (PostgreSQL, Redis), the clock injected. */
export interface DialogDeps {
  keys: ChatKeys;
  store: ConversationStore;
  outbox: Outbox;
  understander: Understander;
  selfService: SelfService;
  interactions: InteractionService;
  appeals: AppealService;
  /** The operator queues; without them every handoff becomes an appeal. */
  acd?: Acd;
  workingTime: WorkingTime;
  pool: Pool;
  logger: Logger;
  options: DialogOptions;
}
