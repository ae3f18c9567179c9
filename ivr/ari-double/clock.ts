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
 * Due timers fire one per turn of the event loop, in order of their due instants, in its check
 * phase (setImmediate), so the sockets are read between two of them. On a busy machine the process
 * may stall for longer than a whole virtual timeout (3 s between keys is 75 ms at speed 40);
 * Node then runs every expired timer before reading any socket, and a key whose event was sent
 * (or is sent by the double's own earlier timer) would lose to the timeout it beat in virtual time.
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
  /** Set and not fired yet, by due instant (then by when they were set). */
  const pending: Array<{ dueMs: number; fire: () => void; expired: boolean }> = [];
  let turnScheduled = false;
  const scheduleTurn = () => {
    if (turnScheduled || !pending[0]?.expired) return;
    turnScheduled = true;
    setImmediate(fireNext);
  };
  // One timer per turn of the event loop: what it sent is read before the next one fires. A
  // timer never overtakes an earlier-due one whose wall-clock wait has not run out yet.
  const fireNext = () => {
    turnScheduled = false;
    const next = pending[0];
    if (!next?.expired) return;
    pending.shift();
    firingAtMs = next.dueMs;
    try {
      next.fire();
    } finally {
      firingAtMs = null;
      scheduleTurn();
    }
  };
  return {
    nowMs,
    now: () => new Date(nowMs()),
    setTimer(delayMs, fire) {
      const timer = { dueMs: nowMs() + Math.max(0, delayMs), fire, expired: false };
      const at = pending.findIndex((t) => t.dueMs > timer.dueMs); // after equal ones: set order
      pending.splice(at === -1 ? pending.length : at, 0, timer);
      const handle = setTimeout(() => {
        timer.expired = true;
        scheduleTurn();
      }, Math.max(0, delayMs) / speed);
      return () => {
        clearTimeout(handle);
        const index = pending.indexOf(timer);
        if (index !== -1) pending.splice(index, 1);
        scheduleTurn(); // an expired one may have waited behind it
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
