import type { Clock } from '../lifecycle/clock.ts';

/** A clock tests move by hand: `new ManualClock('2026-11-27T03:00:00Z').advance(15_100)`. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: string | number | Date) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new Error(`invalid start instant: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.current);
  }

  nowMs(): number {
    return this.current;
  }

  advance(ms: number): this {
    this.current += ms;
    return this;
  }

  set(instant: string | number | Date): this {
    this.current = new Date(instant).getTime();
    return this;
  }
}
