import type { Logger } from '../../../../core/logging/index.ts';
import type { Acd } from '../router/acd.ts';

/**
 * Runs the ACD timers (15 s offer, pre-alert, 100 s alert, overflow, wrap-up limit, chat limits).
 * The timers themselves live in Redis (sorted set by due time), so they survive a restart of
 * any instance; every instance may poll, the Lua sweep is atomic, each timer is handled once.
 */
export class TimerPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly acd: Acd,
    private readonly options: { intervalMs?: number; batch?: number; logger?: Logger } = {},
  ) {}

  /** Handles every due timer now (in batches); returns how many. */
  async tickOnce(): Promise<number> {
    const batch = this.options.batch ?? 500;
    let total = 0;
    for (;;) {
      const handled = await this.acd.processTimers(batch);
      total += handled;
      if (handled < batch) return total;
    }
  }

  start(): void {
    const loop = async () => {
      try {
        this.running = this.tickOnce();
        await this.running;
      } catch (error) {
        this.options.logger?.error({ err: error }, 'ACD timer sweep failed; retrying');
      }
      if (this.timer) this.timer = setTimeout(loop, this.options.intervalMs ?? 200);
    };
    this.timer = setTimeout(loop, this.options.intervalMs ?? 200);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }
}
