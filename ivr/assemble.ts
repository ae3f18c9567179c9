import type { AriClient } from 'ari-client';
import type { Redis } from 'ioredis';
import { Acd, acdWorkingTime } from '../agent-desktop/server/acd/index.ts';
import { createAppealService } from '../core/appeals/index.ts';
import type { BillingApi } from '../core/billing/index.ts';
import { createWorkingTime } from '../core/calendar/index.ts';
import type { Pool } from '../core/db/index.ts';
import { createInteractionService } from '../core/interactions/index.ts';
import type { Clock } from '../core/lifecycle/clock.ts';
import { reportOutages } from '../core/lifecycle/redis-connection.ts';
import type { Logger } from '../core/logging/index.ts';
import { Understander } from '../core/nlu/index.ts';
import { KnowledgeService } from '../core/nlu/knowledge/service.ts';
import { SelfService } from '../core/selfservice/index.ts';
import type { AriRest } from './ari/rest.ts';
import { durableInteractions } from './db/durable-interactions.ts';
import { IvrJournal, journaledRecording } from './db/journal.ts';
import { accountRefs, agentEndpoint } from './db/lookups.ts';
import { StepWriter } from './db/step-writer.ts';
import { DEFAULT_FLOW_SETTINGS, type FlowSettings } from './flows/dialog.ts';
import { PromptLibrary } from './prompts/library.ts';
import { createRecognitionClient } from './speech/recognition.ts';
import type { Synthesizer } from './speech/synthesizer.ts';
import { IvrApp } from './stasis/app.ts';
import type { IvrTimers } from './stasis/call.ts';
import type { AriEvent } from './stasis/events.ts';
import { OfferWatcher } from './stasis/offers.ts';
import { CallStateStore } from './stasis/state.ts';

export interface IvrAssembly {
  client: AriClient;
  /** The hot-path ARI commands over plain HTTP (the same Asterisk as `client`). */
  rest: AriRest;
  app: string;
  pool: Pool;
  redis: Redis;
  /** REDIS_PREFIX (ACD keys and call state live under it). */
  prefix: string;
  billing: BillingApi;
  clock: Clock;
  timers?: IvrTimers;
  soundsDir: string;
  synthesizer: Synthesizer;
  logger: Logger;
  settings?: Partial<FlowSettings>;
  timeZone?: string;
  /** Identifies this process among several serving one Asterisk. */
  instanceId: string;
  /** How long a call stays this process's after its last lease renewal (tests shorten it). */
  callLeaseMs?: number;
  /** How often Asterisk's channels are listed for callers no process saved (tests shorten it). */
  strayScanMs?: number;
  onRecordingFinished?: (event: AriEvent) => Promise<unknown>;
  /** Speech input: a RecognitionService and the address Asterisk sends externalMedia RTP to. */
  speech?: { recognitionAddress: string; rtpHost: string };
  /**
   * Where the IVR's writes go while PostgreSQL is down (one per process; the service replays it
   * with JournalReplayer). Default: a journal of its own under `prefix`.
   */
  journal?: IvrJournal;
}

/** Wires the IVR's parts from shared resources; the service, the simulator and tests use it. */
export function assembleIvr(options: IvrAssembly): {
  ivr: IvrApp;
  acd: Acd;
  offers: OfferWatcher;
  journal: IvrJournal;
} {
  const { pool, redis, clock } = options;
  const journal = options.journal ?? new IvrJournal(redis, options.prefix);
  const timeZone = options.timeZone ?? 'Asia/Krasnoyarsk';
  const acd = new Acd({
    redis,
    prefix: options.prefix,
    clock,
    workingTime: acdWorkingTime(createWorkingTime({ clock, timeZone })),
  });
  // Its own connection (blocking reads); a duplicate has none of the original's listeners.
  const offerConnection = reportOutages(redis.duplicate(), { role: 'ivr-offers', logger: options.logger });
  const offers = new OfferWatcher(offerConnection, acd.keys, options.logger);
  const knowledge = new KnowledgeService(pool);
  let nlu: Understander | undefined;
  const understander = () => {
    nlu ??= new Understander(); // loads the topic model once, on the first spoken answer
    return nlu;
  };
  const settings = { ...DEFAULT_FLOW_SETTINGS, ...options.settings };
  const ivr = new IvrApp({
    client: options.client,
    rest: options.rest,
    app: options.app,
    logger: options.logger,
    timers: options.timers,
    prompts: new PromptLibrary({ soundsDir: options.soundsDir, synthesizer: options.synthesizer }),
    state: new CallStateStore(redis, options.prefix, options.instanceId, options.callLeaseMs),
    steps: new StepWriter(pool, clock, options.logger, undefined, journal),
    strayScanMs: options.strayScanMs,
    onRecordingFinished:
      options.onRecordingFinished && journaledRecording(options.onRecordingFinished, journal),
    speech: options.speech && {
      recognizer: createRecognitionClient(options.speech.recognitionAddress),
      rtpHost: options.speech.rtpHost,
    },
    deps: {
      acd,
      offers,
      clock,
      interactions: durableInteractions(
        createInteractionService({ pool, clock }),
        createAppealService({ pool, clock, timeZone }),
        journal,
        clock,
      ),
      appeals: createAppealService({ pool, clock, timeZone }),
      selfService: new SelfService({
        billing: options.billing,
        clock,
        knowledge: async (topic, variant) => (await knowledge.getActive(topic, variant))?.body,
      }),
      agentEndpoint: (agentId) => agentEndpoint(pool, agentId, { redis, prefix: options.prefix }),
      accountRefs: (accountNumber) => accountRefs(pool, accountNumber),
      settings: { ...settings, ekc: { timeZone, ...settings.ekc } },
      understand: options.speech ? (text) => understander().understand(text) : undefined,
    },
  });
  // A call's writes keep their order through the journal only while it lives.
  ivr.observer.on('ended', (event: { interactionId: string }) => journal.release(event.interactionId));
  return { ivr, acd, offers, journal };
}
