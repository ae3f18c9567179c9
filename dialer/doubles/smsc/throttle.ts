import type { Clock } from '../../../core/lifecycle/clock.ts';

/** A rolling one-second window, the way SMS gateways meter an account's submit rate. */
export class RollingRateLimit {
  private readonly accepted: number[] = [];

  constructor(
    private readonly maxPerSecond: number | undefined,
    private readonly clock: Clock,
  ) {}

  /** Records an attempt; false when it would exceed the rate (and then it is not counted). */
  tryTake(): boolean {
    if (this.maxPerSecond === undefined) return true;
    const now = this.clock.nowMs();
    while (this.accepted.length > 0 && this.accepted[0]! <= now - 1000) this.accepted.shift();
    if (this.accepted.length >= this.maxPerSecond) return false;
    this.accepted.push(now);
    return true;
  }
}
