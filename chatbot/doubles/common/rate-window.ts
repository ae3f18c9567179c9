import type { Clock } from '../../../core/lifecycle/clock.ts';

/**
 * A sliding one-window limiter: at most `limit` hits per `windowMs` for each key. Both messenger
 * platforms refuse a request over their limit instead of queueing it, so the double does too and
 * tells the caller how long to wait, the way the platform would.
 */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may be hit again (0 when allowed now). Does not record a hit. */
  waitMs(key: string): number {
    if (this.limit <= 0) return 0;
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    const oldest = recent[recent.length - this.limit] ?? 0;
    return oldest + this.windowMs - this.clock.nowMs();
  }

  record(key: string): void {
    if (this.limit <= 0) return;
    const recent = this.recent(key);
    recent.push(this.clock.nowMs());
    this.hits.set(key, recent);
  }

  private recent(key: string): number[] {
    const now = this.clock.nowMs();
    const kept = (this.hits.get(key) ?? []).filter((at) => at > now - this.windowMs);
    this.hits.set(key, kept);
    return kept;
  }
}
