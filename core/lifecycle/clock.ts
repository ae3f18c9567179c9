/** Time is an input: every rule about hours, deadlines and timeouts takes a Clock. */
export interface Clock {
  now(): Date;
  nowMs(): number;
  /**
   * Simulated milliseconds per real millisecond (absent = 1, real time). Whoever turns a
   * simulated delay into a real timer (BullMQ delays) divides by it: see `realDelayMs`.
   */
  readonly rate?: number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
};

/** How long to really wait for `simulatedMs` to pass on `clock`. */
export function realDelayMs(clock: Clock, simulatedMs: number): number {
  return Math.max(0, simulatedMs) / (clock.rate ?? 1);
}

/**
 * Time that starts at `startMs` and runs `rate` times faster than the machine's — for demos,
 * training and tests of rules tied to the hour (a campaign at 19:55), never for production.
 */
export function simulatedClock(startMs: number, rate = 1, realNowMs: () => number = Date.now): Clock {
  if (!Number.isFinite(startMs)) throw new Error('the simulated clock needs a valid start instant');
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new Error(`the simulated clock rate must be > 0, got ${rate}`);
  const realStart = realNowMs();
  const nowMs = () => Math.floor(startMs + (realNowMs() - realStart) * rate);
  return { nowMs, now: () => new Date(nowMs()), rate };
}
