import type { IvrTimers } from './call.ts';
import { CallerHungUp } from './errors.ts';

export type CallerInput = { kind: 'digit'; digit: string } | { kind: 'speech'; text: string };

/**
 * What the caller pressed or said and nobody has taken yet (type-ahead), and the one question
 * waiting for it. Keys come first; a question that takes only keys leaves utterances queued.
 */
export class CallerInputQueue {
  private readonly digits: string[] = [];
  private readonly utterances: string[] = [];
  private waiter: (() => void) | undefined;

  constructor(
    private readonly timers: IvrTimers,
    private readonly signal: AbortSignal,
  ) {}

  get pending(): boolean {
    return this.digits.length > 0 || this.utterances.length > 0;
  }

  pushDigit(digit: string): void {
    this.digits.push(digit);
    this.waiter?.();
  }

  pushUtterance(text: string): void {
    this.utterances.push(text);
    this.waiter?.();
  }

  /** The call ended: a waiting question rejects with CallerHungUp. */
  wake(): void {
    this.waiter?.();
  }

  takeDigits(): string[] {
    return this.digits.splice(0);
  }

  private take(accept: 'digits' | 'any'): CallerInput | undefined {
    const digit = this.digits.shift();
    if (digit !== undefined) return { kind: 'digit', digit };
    if (accept === 'digits') return undefined;
    const text = this.utterances.shift();
    return text === undefined ? undefined : { kind: 'speech', text };
  }

  /** The next input, or undefined after `timeoutMs` (call time) without one. */
  next(timeoutMs: number, accept: 'digits' | 'any'): Promise<CallerInput | undefined> {
    const ready = this.take(accept);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const cancel = this.timers.setTimer(timeoutMs, () => {
        this.waiter = undefined;
        resolve(undefined);
      });
      this.waiter = () => {
        if (this.signal.aborted) {
          this.waiter = undefined;
          cancel();
          return reject(new CallerHungUp());
        }
        const input = this.take(accept);
        if (!input) return;
        this.waiter = undefined;
        cancel();
        resolve(input);
      };
    });
  }
}
