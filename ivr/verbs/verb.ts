import type { Acd } from '../../agent-desktop/server/acd/index.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { IvrInteractions } from '../db/durable-interactions.ts';
import type { CallSession } from '../stasis/call.ts';
import { CallerHungUp } from '../stasis/call.ts';
import type { OfferWatcher } from '../stasis/offers.ts';
import { parseVerbOptions, type VerbName } from './spec.ts';

/** What verbs may use besides the caller's channel. */
export interface IvrServices {
  acd: Acd;
  offers: OfferWatcher;
  /** core/interactions whose writes survive a PostgreSQL outage (ivr/db/durable-interactions.ts). */
  interactions: IvrInteractions;
  /** Wall-clock time for schedules and records (ЕКЦ hours); call timing runs on the session's timers. */
  clock: Clock;
}

export interface VerbContext {
  session: CallSession;
  services: IvrServices;
}

/**
 * One call verb (answer, say, gather, dial…). Options are validated against `specs.json` when
 * the verb is built, so a bad flow fails before it touches a call; every run lands in the
 * interaction record as `verb.<name>` with its duration and outcome.
 */
export abstract class Verb<Options, Result> {
  readonly options: Options;

  constructor(
    readonly name: VerbName,
    options: unknown,
  ) {
    this.options = parseVerbOptions<Options>(name, options);
  }

  async exec(context: VerbContext): Promise<Result> {
    const { session } = context;
    session.assertLive();
    const started = session.runtime.timers.nowMs();
    try {
      const result = await this.run(context);
      session.step(`verb.${this.name}`, {
        ms: session.runtime.timers.nowMs() - started,
        outcome: this.outcomeOf(result),
      });
      return result;
    } catch (error) {
      session.step(`verb.${this.name}`, {
        ms: session.runtime.timers.nowMs() - started,
        outcome: error instanceof CallerHungUp ? 'caller_hung_up' : 'error',
      });
      throw error;
    }
  }

  protected abstract run(context: VerbContext): Promise<Result>;

  /** A short, PII-free description of the result for the interaction record. */
  protected outcomeOf(_result: Result): string {
    return 'done';
  }
}
