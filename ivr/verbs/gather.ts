import { Verb, type VerbContext } from './verb.ts';

export interface GatherOptions {
  /** Prompt ids or dynamic texts, said in order until the first key (barge-in). */
  prompts: string[];
  /** Stop after this many keys (a menu choice: 1). */
  numDigits?: number;
  /** Stop on this key, which is not part of the result ('#' for account numbers). */
  finishOnKey?: '#' | '*' | '';
  maxDigits?: number;
  /** Silence allowed after the prompts before the first key. Default 5 s. */
  timeoutMs?: number;
  /** Silence allowed between keys. Default 3 s. */
  interDigitTimeoutMs?: number;
}

export interface GatherResult {
  digits: string;
  /** complete: numDigits/maxDigits reached or finishOnKey pressed; timeout: nothing (or not all) pressed in time. */
  reason: 'complete' | 'timeout';
  bargedIn: boolean;
}

/**
 * Says the prompts and collects DTMF. ARI does not stop a playback on DTMF, so the session stops
 * it itself on the first key; keys pressed earlier (type-ahead) skip the prompts entirely.
 */
export class Gather extends Verb<GatherOptions, GatherResult> {
  constructor(options: GatherOptions) {
    super('gather', options);
  }

  protected async run({ session }: VerbContext): Promise<GatherResult> {
    const options = this.options;
    let bargedIn = false;
    for (const prompt of options.prompts) {
      if ((await session.say(prompt, { interruptible: true })) === 'interrupted') {
        bargedIn = true;
        break;
      }
    }
    session.runtime.observer.emit('listening', { channelId: session.channelId, prompts: options.prompts });
    const finishOnKey = options.finishOnKey ?? '';
    const limit = options.numDigits ?? options.maxDigits ?? 32;
    let digits = '';
    for (;;) {
      const wait = digits === '' ? (options.timeoutMs ?? 5_000) : (options.interDigitTimeoutMs ?? 3_000);
      const digit = await session.nextDigit(wait);
      if (digit === undefined) {
        // Without a finishing key, an account number typed without '#' still counts once complete.
        const complete = digits !== '' && finishOnKey === '' && options.numDigits === undefined;
        return { digits, reason: complete ? 'complete' : 'timeout', bargedIn };
      }
      if (finishOnKey && digit === finishOnKey) return { digits, reason: 'complete', bargedIn };
      digits += digit;
      if (digits.length >= limit) return { digits, reason: 'complete', bargedIn };
    }
  }

  protected override outcomeOf(result: GatherResult): string {
    // Keys may be an account number: record how many, not which (menu choices are logged by flows).
    return `${result.reason}:${result.digits.length}${result.bargedIn ? ':barge_in' : ''}`;
  }
}
