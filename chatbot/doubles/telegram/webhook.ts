import { isDeepStrictEqual } from 'node:util';
import { badRequest } from './errors.ts';
import { parseParams, setWebhookSchema } from './schemas.ts';
import type { BotState } from './state.ts';
import type { TgUpdate } from './types.ts';

export interface WebhookDeliveryOptions {
  /** Telegram's retry unit is one second (delays 0, 2, 4 … up to 60–120 units); tests shrink it. */
  retryUnitMs: number;
  /** How long a webhook request may take before it counts as failed. */
  requestTimeoutMs: number;
  /** Refuse http:// URLs as Telegram does. Off by default so tests need no TLS. */
  requireHttps: boolean;
  /** Deliver an https:// URL over plain HTTP (telegraf's launch() always registers https). */
  deliverHttpsAsHttp: boolean;
}

export const WEBHOOK_DEFAULTS: WebhookDeliveryOptions = {
  retryUnitMs: 1000,
  requestTimeoutMs: 60_000,
  requireHttps: false,
  deliverHttpsAsHttp: false,
};

/** One POST of one update, as a test inspects it afterwards. */
export interface WebhookAttempt {
  updateId: number;
  status: number | 'error';
  ms: number;
  error?: string;
}

interface Config {
  url: string;
  secretToken?: string;
  maxConnections: number;
}

interface RetryState {
  delayUnits: number;
  failCount: number;
  wakeAtMs: number;
}

const MAX_RESEND_UNITS = 60;
const REPLY_METHODS_REFUSED = new Set(['deletewebhook', 'setwebhook', 'close', 'logout']);

/**
 * Pushes queued updates to the webhook the way the Bot API's WebhookActor does: updates of one chat
 * strictly in order, one at a time; different chats in parallel up to max_connections; a non-2xx
 * answer or a timeout is retried (at once, then 2, 4 … units, Retry-After honoured); a 2xx answer
 * carrying a method (webhook reply) is executed.
 */
export class WebhookDelivery {
  readonly attempts: WebhookAttempt[] = [];
  private config: Config | undefined;
  private lastError: { date: number; message: string } | undefined;
  private readonly inFlight = new Set<number>();
  private readonly retries = new Map<number, RetryState>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly state: BotState,
    private readonly options: WebhookDeliveryOptions,
    private readonly executeReply: (method: string, params: Record<string, unknown>) => Promise<void>,
  ) {
    this.unsubscribe = state.updateQueued.subscribe(() => this.pump());
  }

  active(): boolean {
    return this.config !== undefined;
  }

  /** Returns "set", "unchanged" (same settings again) or "deleted" (an empty URL). */
  set(params: Record<string, unknown>): 'set' | 'unchanged' | 'deleted' {
    const input = parseParams(setWebhookSchema, params);
    if (input.drop_pending_updates) this.state.pending = [];
    if (input.allowed_updates !== undefined) this.state.setAllowedUpdates(input.allowed_updates);
    if (input.url === '') {
      this.remove(false);
      return 'deleted';
    }
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
    }
    if (url.protocol !== 'https:' && (this.options.requireHttps || url.protocol !== 'http:')) {
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    }
    const secret = input.secret_token ?? '';
    if (secret.length > 256) throw badRequest('secret token is too long');
    if (!/^[A-Za-z0-9_-]*$/.test(secret)) throw badRequest('secret token contains unallowed characters');
    const config: Config = {
      url: input.url,
      ...(secret ? { secretToken: secret } : {}),
      maxConnections: Math.min(100, Math.max(1, input.max_connections ?? 40)),
    };
    const unchanged = isDeepStrictEqual(config, this.config) && !input.drop_pending_updates;
    this.config = config;
    if (!unchanged) {
      this.retries.clear();
      this.lastError = undefined;
    }
    this.pump();
    return unchanged ? 'unchanged' : 'set';
  }

  /** Returns whether a webhook was set. */
  remove(dropPending: boolean): boolean {
    const was = this.config !== undefined;
    this.config = undefined;
    if (dropPending) this.state.pending = [];
    return was;
  }

  info(): Record<string, unknown> {
    return {
      url: this.config?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.state.pending.length,
      ...(this.config ? { max_connections: this.config.maxConnections } : {}),
      ...(this.lastError
        ? { last_error_date: this.lastError.date, last_error_message: this.lastError.message }
        : {}),
    };
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Starts every delivery that may start now and arms a timer for the earliest retry. */
  pump(): void {
    const config = this.config;
    if (!config || this.stopped) return;
    const seenChats = new Set<number>();
    let earliestWake = Number.POSITIVE_INFINITY;
    for (const update of this.state.pending) {
      const chat = chatOf(update);
      if (seenChats.has(chat)) continue; // only the oldest update of a chat may go
      seenChats.add(chat);
      if (this.inFlight.has(update.update_id)) continue;
      const retry = this.retries.get(update.update_id);
      if (retry && retry.wakeAtMs > Date.now()) {
        earliestWake = Math.min(earliestWake, retry.wakeAtMs);
        continue;
      }
      if (this.inFlight.size >= config.maxConnections) break;
      void this.deliver(config, update);
    }
    if (this.timer) clearTimeout(this.timer);
    if (Number.isFinite(earliestWake)) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, earliestWake - Date.now()));
    }
  }

  private async deliver(config: Config, update: TgUpdate): Promise<void> {
    this.inFlight.add(update.update_id);
    const started = Date.now();
    let failure: { message: string; retryAfterUnits: number } | undefined;
    try {
      const response = await fetch(this.targetUrl(config.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(config.secretToken ? { 'X-Telegram-Bot-Api-Secret-Token': config.secretToken } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      const body = await response.text();
      this.attempts.push({ updateId: update.update_id, status: response.status, ms: Date.now() - started });
      if (response.status >= 200 && response.status <= 299) await this.runWebhookReply(body);
      else {
        failure = {
          message: `Wrong response from the webhook: ${response.status} ${response.statusText}`,
          retryAfterUnits: Number(response.headers.get('retry-after') ?? 0) || 0,
        };
      }
    } catch (error) {
      const message =
        error instanceof Error && error.name === 'TimeoutError'
          ? 'Read timeout expired'
          : 'Connection refused';
      this.attempts.push({
        updateId: update.update_id,
        status: 'error',
        ms: Date.now() - started,
        error: message,
      });
      failure = { message, retryAfterUnits: 0 };
    } finally {
      this.inFlight.delete(update.update_id);
    }
    if (failure) this.scheduleRetry(update, failure);
    else {
      this.retries.delete(update.update_id);
      this.state.pending = this.state.pending.filter((pending) => pending.update_id !== update.update_id);
      this.state.changed.notify();
    }
    this.pump();
  }

  private scheduleRetry(update: TgUpdate, failure: { message: string; retryAfterUnits: number }): void {
    this.lastError = { date: this.state.unixNow(), message: failure.message };
    const retry = this.retries.get(update.update_id) ?? { delayUnits: 1, failCount: 0, wakeAtMs: 0 };
    let waitUnits = Math.min(3600, failure.retryAfterUnits);
    if (waitUnits === 0 && retry.failCount > 0) {
      retry.delayUnits = Math.min(MAX_RESEND_UNITS, retry.delayUnits * 2);
      waitUnits = retry.delayUnits;
    }
    retry.failCount += 1;
    retry.wakeAtMs = Date.now() + waitUnits * this.options.retryUnitMs;
    this.retries.set(update.update_id, retry);
    this.state.changed.notify();
  }

  /** A bot may answer an update with one method call in the response body. */
  private async runWebhookReply(body: string): Promise<void> {
    if (!body.trim().startsWith('{')) return;
    let call: Record<string, unknown>;
    try {
      call = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return;
    }
    const method = typeof call.method === 'string' ? call.method : '';
    const lower = method.toLowerCase();
    if (!method || REPLY_METHODS_REFUSED.has(lower) || lower.startsWith('get')) return;
    const { method: _method, ...params } = call;
    // Errors of a webhook reply reach nobody, as with Telegram.
    await this.executeReply(method, params).catch(() => undefined);
  }

  private targetUrl(url: string): string {
    if (this.options.deliverHttpsAsHttp && url.startsWith('https://'))
      return `http://${url.slice('https://'.length)}`;
    return url;
  }
}

function chatOf(update: TgUpdate): number {
  return update.message?.chat.id ?? update.callback_query?.message.chat.id ?? 0;
}
