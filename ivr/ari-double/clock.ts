import type { Clock } from '../../core/lifecycle/clock.ts';

/** Cancels a scheduled timer; calling it twice is harmless. */
export type CancelTimer = () => void;

/**
 * Time as the double sees it: event timestamps, channel ids (epoch seconds) and every delay
 * (prompt lengths, ring timeouts, DTMF gaps) go through this, so tests can run a 13 s prompt in
 * well under a second and the call simulator can run in real time.
 */
export interface DoubleClock extends Clock {
  setTimer(delayMs: number, fire: () => void): CancelTimer;
}

/** Real time: what the call simulator and a demo use. */
export function realTimeClock(): DoubleClock {
  return {
    now: () => new Date(),
    nowMs: () => Date.now(),
    setTimer(delayMs, fire) {
      const handle = setTimeout(fire, Math.max(0, delayMs));
      return () => clearTimeout(handle);
    },
  };
}

/**
 * Virtual time running `speed` times faster than the wall clock, starting at `startMs`.
 * A 13.3 s prompt at speed 20 takes 665 ms; ari-client round trips stay real, so timestamps show
 * REST latency multiplied by `speed` — order of events is what tests compare, never durations.
 * Inside a timer callback the clock reads the timer's due instant (never earlier than a time it
 * already gave), so chains of timers keep exact virtual durations even when the wall clock lags.
 *
 * A due timer fires in the event loop's check phase (setImmediate), after the I/O already
 * received: on a busy machine the process may stall for longer than a whole virtual timeout
 * (3 s between keys is 75 ms at speed 40), and Node runs expired timers before reading sockets,
 * so a key that arrived during the stall would otherwise lose to the timeout it beat.
 */
export function acceleratedClock(speed: number, startMs: number = Date.now()): DoubleClock {
  if (!(speed > 0)) throw new Error(`clock speed must be positive, got ${speed}`);
  const realStart = Date.now();
  let firingAtMs: number | null = null;
  let lastMs = startMs;
  const wallMs = () => Math.floor(startMs + (Date.now() - realStart) * speed);
  const nowMs = () => {
    lastMs = Math.max(lastMs, firingAtMs ?? wallMs());
    return lastMs;
  };
  return {
    nowMs,
    now: () => new Date(nowMs()),
    setTimer(delayMs, fire) {
      const dueMs = nowMs() + Math.max(0, delayMs);
      let afterIo: NodeJS.Immediate | undefined;
      const handle = setTimeout(() => {
        afterIo = setImmediate(() => {
          firingAtMs = dueMs;
          try {
            fire();
          } finally {
            firingAtMs = null;
          }
        });
      }, Math.max(0, delayMs) / speed);
      return () => {
        clearTimeout(handle);
        if (afterIo) clearImmediate(afterIo);
      };
    },
  };
}

/**
 * Time that moves only when the test calls `advance(ms)`: due timers fire in order, each seeing
 * `nowMs()` equal to its own due instant. For unit tests of call flows that never touch a socket.
 */
export class SteppedClock implements DoubleClock {
  private current: number;
  private sequence = 0;
  private readonly timers = new Map<number, { dueMs: number; fire: () => void }>();

  constructor(start: string | number | Date = '2026-11-27T20:00:00Z') {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new Error(`invalid start instant: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.current);
  }

  nowMs(): number {
    return this.current;
  }

  setTimer(delayMs: number, fire: () => void): CancelTimer {
    const id = this.sequence++;
    this.timers.set(id, { dueMs: this.current + Math.max(0, delayMs), fire });
    return () => {
      this.timers.delete(id);
    };
  }

  /** Moves time forward, firing every timer that falls due on the way (including new ones). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let nextId: number | undefined;
      let nextDue = Number.POSITIVE_INFINITY;
      for (const [id, timer] of this.timers) {
        if (timer.dueMs <= target && timer.dueMs < nextDue) {
          nextDue = timer.dueMs;
          nextId = id;
        }
      }
      if (nextId === undefined) break;
      const timer = this.timers.get(nextId)!;
      this.timers.delete(nextId);
      this.current = Math.max(this.current, timer.dueMs);
      timer.fire();
    }
    this.current = target;
  }
}
