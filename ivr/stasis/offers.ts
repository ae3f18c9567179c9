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

  /** Starts reading from now on; resolves once the first read is issued. */
  start(): void {
    this.running ??= this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.aborter.signal.aborted) {
      try {
        this.lastId ??= await this.newestId();
        // A stream that restarted empty (Redis lost it) has ids below ours: read it from its start.
        if (this.lastId !== '0-0' && compareIds(await this.newestId(), this.lastId) < 0) this.lastId = '0-0';
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

/** Orders two stream ids (`<ms>-<seq>`). */
function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bMs, bSeq] = b.split('-').map(BigInt) as [bigint, bigint];
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}
