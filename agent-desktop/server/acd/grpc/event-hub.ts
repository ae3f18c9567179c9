import type { Redis } from 'ioredis';
import type { Logger } from '../../../../core/logging/index.ts';
import { type AcdEvent, followEvents } from '../events/stream.ts';
import type { AcdKeys } from '../keys.ts';

type Listener = (event: AcdEvent) => void;

/**
 * One blocking reader of the event stream per server process, fanned out to every open
 * WatchOffers call (so a thousand desktops do not hold a thousand Redis connections).
 */
export class EventHub {
  private readonly listeners = new Set<Listener>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: AcdKeys,
    private readonly logger?: Logger,
  ) {}

  /** Starts reading from the current end of the stream; resolves once positioned. */
  async start(): Promise<void> {
    let last = (await this.redis.xrevrange(this.keys.events, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
    this.loop = (async () => {
      while (!this.abort.signal.aborted) {
        try {
          for await (const event of followEvents(this.redis, this.keys, {
            afterId: last,
            blockMs: 500,
            signal: this.abort.signal,
          })) {
            last = event.id;
            for (const listener of this.listeners) listener(event);
          }
        } catch (error) {
          if (this.abort.signal.aborted) return;
          this.logger?.error({ err: error }, 'ACD event stream read failed; retrying');
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    })();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.redis.disconnect();
    await this.loop?.catch(() => {});
  }
}
