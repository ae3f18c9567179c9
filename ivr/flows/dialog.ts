import type { AppealService } from '../../core/appeals/index.ts';
import type { isEkcWorkingTime } from '../../core/calendar/index.ts';
import type { Understanding } from '../../core/nlu/index.ts';
import type { IdentifiedAccount, SelfService } from '../../core/selfservice/index.ts';
import type { TopicId } from '../../core/vocabulary/index.ts';
import type { CallSession } from '../stasis/call.ts';
import { Gather, type GatherOptions } from '../verbs/gather.ts';
import type { IvrServices, VerbContext } from '../verbs/verb.ts';
import { warnedOrEnded } from './abuse.ts';

/** Schedule, production calendar and zone of the ЕКЦ (core/calendar). */
export type EkcContext = NonNullable<Parameters<typeof isEkcWorkingTime>[1]>;

export interface FlowSettings {
  /** ACD queue for calls the robot transfers. */
  queue: string;
  ekc: EkcContext;
  /** Estimated-wait message while on hold, every this many ms. */
  waitAnnounceMs: number;
  /** Above this estimated wait a callback is offered (R-ACD-2: 100 s). */
  callbackAboveMs: number;
  /** Invalid or missing input is repeated at most this many times (R-IVR-8: 3). */
  maxAttempts: number;
  /** Silence allowed after a menu prompt (main menu, reference sub-menu) before it is repeated. */
  menuTimeoutMs: number;
}

export const DEFAULT_FLOW_SETTINGS: FlowSettings = {
  queue: 'general',
  ekc: {},
  waitAnnounceMs: 30_000,
  callbackAboveMs: 100_000,
  maxAttempts: 3,
  menuTimeoutMs: 5_000,
};

export interface FlowDeps extends IvrServices {
  selfService: SelfService;
  appeals: AppealService;
  /** The operator's phone (users.sip_endpoint), e.g. `PJSIP/agent100`. */
  agentEndpoint(agentId: string): Promise<string | undefined>;
  /** accounts.id and clients.id of an identified account, for the desktop's client card. */
  accountRefs(accountNumber: string): Promise<{ accountId: number; clientId: number | null } | undefined>;
  settings: FlowSettings;
  /** The NLU for spoken answers (core/nlu Understander); absent = DTMF only. */
  understand?: (text: string) => Understanding;
}

/** How the call ended, for `interactions.outcome`. */
export type CallOutcome =
  | 'self_served'
  | 'transferred'
  | 'callback_requested'
  | 'appeal_registered'
  | 'failed';

/**
 * One caller's conversation: the session (channel), the services, and what the robot knows so
 * far. Identification is remembered for the call, so a caller asking for the balance and then
 * sending readings types the account number once.
 */
export class Dialog {
  account: IdentifiedAccount | undefined;
  topic: TopicId | undefined;
  outcome: CallOutcome = 'self_served';
  /** The call is in the ACD: a hangup must cancel it there. */
  inQueue = false;
  /** Phone-linked account numbers (hint only, R-IVR-5). */
  linkedAccounts: string[] = [];
  /** Abusive answers so far (R-IVR-8: warn once, then end). */
  abuseWarnings = 0;

  constructor(
    readonly session: CallSession,
    readonly deps: FlowDeps,
  ) {}

  get context(): VerbContext {
    return { session: this.session, services: this.deps };
  }

  get settings(): FlowSettings {
    return this.deps.settings;
  }

  say(idOrText: string, label?: string) {
    return this.session.say(idOrText, { label });
  }

  /** Speech input is configured: questions that take a spoken answer also listen. */
  get listens(): boolean {
    return this.deps.understand !== undefined && this.session.runtime.speech !== undefined;
  }

  /**
   * Asks until the answer is valid, at most `maxAttempts` times (R-IVR-8); each retry says why
   * first. Undefined when the attempts are used up — the caller is then offered an operator.
   * With `spoken`, the caller may also say the answer: the transcript becomes the keys the
   * question takes (`flows/spoken-answers.ts`) and meets the same `valid` rule; abusive speech
   * gets the warning, then the end of the call (R-IVR-8).
   */
  async ask(
    prompts: string[],
    options: Omit<GatherOptions, 'prompts' | 'speech'> & {
      valid?: (digits: string) => boolean;
      what: string;
      spoken?: (text: string) => string | undefined;
    },
  ): Promise<string | undefined> {
    const { valid = (digits: string) => digits.length > 0, what, spoken, ...gather } = options;
    const speech = spoken !== undefined && this.listens;
    let retry: string | undefined;
    for (let attempt = 1; attempt <= this.settings.maxAttempts; attempt++) {
      const result = await new Gather({
        ...gather,
        speech,
        prompts: retry ? [retry, ...prompts] : prompts,
      }).exec(this.context);
      if (result.speech !== undefined && spoken) {
        if (await warnedOrEnded(this, result.speech)) {
          retry = undefined;
          continue;
        }
        const keys = spoken(result.speech);
        const understood = keys !== undefined && valid(keys);
        // Whether it was understood, never what was said (it may be an account number).
        this.session.step('speech_answer', { what, understood });
        if (understood) return keys;
        retry = 'notUnderstood';
      } else if (result.reason === 'complete' && valid(result.digits)) {
        return result.digits;
      } else {
        retry = result.digits === '' ? 'noInput' : 'notUnderstood';
      }
      this.session.step('input_rejected', {
        what,
        attempt,
        kind: retry === 'noInput' ? 'no_input' : 'invalid',
      });
    }
    return undefined;
  }
}
