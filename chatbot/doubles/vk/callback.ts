import type { VkDelivery } from './types.ts';

export interface CallbackDeliveryOptions {
  /** VK repeats an event that was not answered "ok" up to five times. */
  maxRetries: number;
  retryDelayMs: number;
  /** How long VK waits for an answer before it counts the attempt as failed. */
  responseTimeoutMs: number;
}

export const CALLBACK_DEFAULTS: CallbackDeliveryOptions = {
  maxRetries: 5,
  retryDelayMs: 1000,
  responseTimeoutMs: 10_000,
};

export interface CallbackServer {
  url: string;
  secret?: string;
  confirmed: boolean;
}

/**
 * The Callback API side: POSTs events as JSON, accepts only a body of exactly "ok", retries
 * otherwise, and times every attempt. Events of one dialog go one after another, in order.
 */
export class CallbackDelivery {
  readonly deliveries: VkDelivery[] = [];
  server: CallbackServer | undefined;
  private readonly chains = new Map<number, Promise<unknown>>();
  private stopped = false;
  private readonly sent = new Map<string, { peerId: number; event: Record<string, unknown> }>();

  /** No further attempts once the double stops; events still queued end undelivered. */
  stop(): void {
    this.stopped = true;
  }

  constructor(private readonly options: CallbackDeliveryOptions) {}

  /** Sends the confirmation request; the server is used only if it answers the exact code. */
  async confirm(
    url: string,
    groupId: number,
    code: string,
    secret?: string,
  ): Promise<{ confirmed: boolean; body: string }> {
    const attempt = await this.post(url, {
      type: 'confirmation',
      group_id: groupId,
      ...(secret ? { secret } : {}),
    });
    const confirmed = attempt.status === 200 && attempt.body === code;
    this.server = { url, ...(secret ? { secret } : {}), confirmed };
    return { confirmed, body: attempt.body };
  }

  /** The community admin changed the secret key in VK's settings (no new confirmation). */
  changeSecret(secret: string | undefined): void {
    if (!this.server) return;
    const { secret: _old, ...rest } = this.server;
    this.server = { ...rest, ...(secret ? { secret } : {}) };
  }

  /** Queues an event behind earlier events of the same dialog and resolves when done. */
  send(peerId: number, event: Record<string, unknown>): Promise<VkDelivery> {
    const server = this.server;
    if (!server?.confirmed) {
      return Promise.reject(new Error('no confirmed callback server: call connectCallbackServer first'));
    }
    const body = { ...event, ...(server.secret ? { secret: server.secret } : {}) };
    this.sent.set(String(event.event_id), { peerId, event });
    const previous = this.chains.get(peerId) ?? Promise.resolve();
    const next = previous.then(() => this.deliverWithRetries(server.url, body));
    this.chains.set(
      peerId,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Sends an event already sent once again, same event_id (VK does so after a lost "ok"). */
  resend(eventId: string): Promise<VkDelivery> {
    const earlier = this.sent.get(eventId);
    if (!earlier) return Promise.reject(new Error(`no event ${eventId} was sent`));
    return this.send(earlier.peerId, earlier.event);
  }

  private async deliverWithRetries(url: string, event: Record<string, unknown>): Promise<VkDelivery> {
    const delivery: VkDelivery = {
      eventId: String(event.event_id ?? ''),
      type: String(event.type),
      delivered: false,
      attempts: [],
    };
    this.deliveries.push(delivery);
    for (let attempt = 0; attempt <= this.options.maxRetries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs));
      if (this.stopped) break;
      const result = await this.post(url, event, attempt);
      delivery.attempts.push(result);
      if (result.status === 200 && result.body === 'ok') {
        delivery.delivered = true;
        break;
      }
    }
    return delivery;
  }

  private async post(url: string, event: Record<string, unknown>, retry = 0) {
    const started = Date.now();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(retry > 0 ? { 'X-Retry-Counter': String(retry) } : {}),
        },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(this.options.responseTimeoutMs),
      });
      const body = await response.text();
      return { status: response.status, body, ms: Date.now() - started };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return {
        status: 'error' as const,
        body: '',
        ms: Date.now() - started,
        error: timedOut ? 'timeout' : 'connection failed',
      };
    }
  }
}
