import type { Redis } from 'ioredis';
import { type AcdKeys, followEvents } from '../../agent-desktop/server/acd/index.ts';
import type { Logger } from '../../core/logging/index.ts';

export interface Offer {
  interactionId: string;
  agentId: string;
}

/**
 * Follows the ACD event stream (one blocking reader per IVR process, on its own connection) and
 * hands each `offered` event to the call waiting for it. Any IVR process may hold the call; the
 * others have no waiter for that interaction and skip the event.
 */
export class OfferWatcher {
  private readonly waiters = new Map<string, (offer: Offer) => void>();
  private readonly aborter = new AbortController();
  private running: Promise<void> | undefined;
  /** The last event id read: after a failed read the watcher goes on from here, not from "now". */
  private lastId: string | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: AcdKeys,
    private readonly logger: Logger,
  ) {}

  /** Starts reading from now on; after a failed read it goes on from the last event read. */
  start(): void {
    this.running ??= this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.aborter.signal.aborted) {
      try {
        // Ids are times: a stream Redis lost and started again still has newer ids than this one.
        this.lastId ??= await this.newestId();
        for await (const event of followEvents(this.redis, this.keys, {
          afterId: this.lastId,
          blockMs: 500,
          signal: this.aborter.signal,
        })) {
          this.lastId = event.id;
          if (event.type !== 'offered') continue;
          const offer = { interactionId: String(event.ix), agentId: String(event.agent) };
          this.waiters.get(offer.interactionId)?.(offer);
        }
      } catch (error) {
        if (this.aborter.signal.aborted) return;
        this.logger.warn({ err: error }, 'ACD event stream read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async newestId(): Promise<string> {
    return (await this.redis.xrevrange(this.keys.events, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
  }

  /** The next offer of this interaction; `cancel` forgets the waiter. */
  next(interactionId: string): { offer: Promise<Offer>; cancel: () => void } {
    let cancel = () => {};
    const offer = new Promise<Offer>((resolve) => {
      this.waiters.set(interactionId, (received) => {
        this.waiters.delete(interactionId);
        resolve(received);
      });
      cancel = () => {
        if (this.waiters.has(interactionId)) this.waiters.delete(interactionId);
      };
    });
    return { offer, cancel };
  }

  async stop(): Promise<void> {
    this.aborter.abort();
    this.redis.disconnect();
    await this.running?.catch(() => undefined);
  }
}
