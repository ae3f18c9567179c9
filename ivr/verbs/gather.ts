import type { Utterance } from '../speech/recognition.ts';
import { Verb, type VerbContext } from './verb.ts';

/** How long an answer the caller has started saying may take to finish. */
const FINISH_SPEAKING_MS = 10_000;

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
  /** Also listen for speech (externalMedia → recognition); the transcript ends the gather. */
  speech?: boolean;
}

export interface GatherResult {
  digits: string;
  /** What the caller said instead of pressing keys (speech gathers only). */
  speech?: string;
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
    const utterance = this.options.speech ? await session.listenSpeech() : undefined;
    try {
      return await this.collect(session, utterance);
    } finally {
      utterance?.cancel();
    }
  }

  private async collect(session: VerbContext['session'], utterance?: Utterance): Promise<GatherResult> {
    const options = this.options;
    const listening = utterance !== undefined;
    let bargedIn = false;
    for (const prompt of options.prompts) {
      // While the robot listens, the questions say that an answer may be spoken.
      if ((await session.say(prompt, { interruptible: true, voice: listening })) === 'interrupted') {
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
      let input =
        options.speech && digits === '' ? await session.nextInput(wait) : await this.digit(session, wait);
      // Silence ran out while the caller was mid-sentence: the answer is coming, wait for it.
      if (input === undefined && digits === '' && utterance?.inProgress) {
        input = await session.nextInput(FINISH_SPEAKING_MS);
      }
      if (input?.kind === 'speech') return { digits: '', speech: input.text, reason: 'complete', bargedIn };
      const digit = input?.digit;
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

  private async digit(session: VerbContext['session'], wait: number) {
    const digit = await session.nextDigit(wait);
    return digit === undefined ? undefined : ({ kind: 'digit', digit } as const);
  }

  protected override outcomeOf(result: GatherResult): string {
    // Keys may be an account number: record how many, not which (menu choices are logged by flows).
    const input = result.speech !== undefined ? 'speech' : String(result.digits.length);
    return `${result.reason}:${input}${result.bargedIn ? ':barge_in' : ''}`;
  }
}
