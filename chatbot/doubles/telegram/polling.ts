import { conflict } from './errors.ts';
import { getUpdatesSchema, parseParams } from './schemas.ts';
import type { BotState } from './state.ts';
import type { TgUpdate } from './types.ts';

interface HeldPoll {
  /** Ends the held request now: with the updates there are, or with an error. */
  finish(outcome: { updates: TgUpdate[] } | { error: Error }): void;
}

/**
 * getUpdates as the Bot API serves it: confirms by offset, holds the request up to `timeout`
 * seconds until an update arrives, and answers 409 to the older of two concurrent pollers.
 */
export class Polling {
  private held: HeldPoll | undefined;

  constructor(
    private readonly state: BotState,
    private readonly webhookActive: () => boolean,
  ) {}

  async getUpdates(params: Record<string, unknown>, signal: AbortSignal): Promise<TgUpdate[]> {
    if (this.webhookActive()) {
      throw conflict(
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const input = parseParams(getUpdatesSchema, params);
    this.held?.finish({
      error: conflict(
        'terminated by other getUpdates request; make sure that only one bot instance is running',
      ),
    });
    if (input.allowed_updates !== undefined) this.state.setAllowedUpdates(input.allowed_updates);
    this.confirm(input.offset ?? 0);
    const limit = Math.min(100, Math.max(1, input.limit ?? 100));
    const timeoutSeconds = Math.max(0, input.timeout ?? 0);
    if (this.state.pending.length > 0 || timeoutSeconds === 0) return this.state.pending.slice(0, limit);
    await this.hold(timeoutSeconds * 1000, signal);
    return this.state.pending.slice(0, limit);
  }

  /** A webhook being set ends a held poll with what there is (nothing), as the server does. */
  abortHeldPoll(): void {
    this.held?.finish({ updates: [] });
  }

  /** Positive offset confirms every earlier update; negative keeps only the last |offset|. */
  private confirm(offset: number): void {
    const before = this.state.pending.length;
    if (offset > 0) this.state.pending = this.state.pending.filter((update) => update.update_id >= offset);
    else if (offset < 0) this.state.pending = this.state.pending.slice(offset);
    if (this.state.pending.length !== before) this.state.changed.notify();
  }

  /** Waits for an update, the timeout, the client leaving or a newer poll; cleans up after itself. */
  private hold(timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const poll: HeldPoll = {
        finish: (outcome) => {
          if (done) return;
          done = true;
          if (this.held === poll) this.held = undefined;
          clearTimeout(timer);
          unsubscribe();
          signal.removeEventListener('abort', onAbort);
          if ('error' in outcome) reject(outcome.error);
          else resolve();
        },
      };
      const onAbort = () => poll.finish({ updates: [] });
      // A timeout is a normal empty answer, not an error.
      const timer = setTimeout(() => poll.finish({ updates: [] }), timeoutMs);
      const unsubscribe = this.state.updateQueued.subscribe(() => {
        if (this.state.pending.length > 0) poll.finish({ updates: [] });
      });
      signal.addEventListener('abort', onAbort);
      this.held = poll;
    });
  }
}
