import type { Server } from 'node:http';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import { systemClock } from '../../../core/lifecycle/clock.ts';
import { close, listen } from '../common/http.ts';
import type { BotContext } from './context.ts';
import { SendLimits, TELEGRAM_LIMITS, type TelegramLimits } from './limits.ts';
import { Polling } from './polling.ts';
import { TelegramUsers, type UserInput } from './scripting.ts';
import { createTelegramServer, type InjectedFailure, type RequestRecord } from './server.ts';
import { BotState } from './state.ts';
import type { BotMessage, TgUpdate, TgUser } from './types.ts';
import {
  WEBHOOK_DEFAULTS,
  type WebhookAttempt,
  WebhookDelivery,
  type WebhookDeliveryOptions,
} from './webhook.ts';

export interface TelegramDoubleOptions {
  /** "<bot id>:<secret>"; requests with another token get 401. */
  token?: string;
  botUsername?: string;
  botName?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Governs message dates and rate limits (not network timers). */
  clock?: Clock;
  limits?: Partial<TelegramLimits>;
  firstUpdateId?: number;
  webhook?: Partial<WebhookDeliveryOptions>;
}

export const DEFAULT_TOKEN = '7000000001:AAHdoubleTokenForTestsOnly_0123456789';

/**
 * A Telegram Bot API server for one bot, speaking the real HTTP protocol, plus the users who write
 * to it. Point telegraf at it with `new Telegraf(token, { telegram: { apiRoot: double.url } })`.
 */
export class TelegramDouble {
  readonly token: string;
  readonly requests: RequestRecord[] = [];
  private readonly failures: InjectedFailure[] = [];
  private readonly state: BotState;
  private readonly webhook: WebhookDelivery;
  private readonly users: TelegramUsers;
  private readonly server: Server;
  private baseUrl = '';

  private constructor(options: TelegramDoubleOptions) {
    this.token = options.token ?? DEFAULT_TOKEN;
    const clock = options.clock ?? systemClock;
    this.state = new BotState(clock, options.firstUpdateId ?? 700_000_001);
    const botUser: TgUser = {
      id: Number(this.token.split(':')[0]) || 7_000_000_001,
      is_bot: true,
      first_name: options.botName ?? 'Hotline test bot',
      username: options.botUsername ?? 'hotline_test_bot',
    };
    let runReply: (method: string, params: Record<string, unknown>) => Promise<unknown> = async () =>
      undefined;
    this.webhook = new WebhookDelivery(
      this.state,
      { ...WEBHOOK_DEFAULTS, ...options.webhook },
      async (m, p) => {
        await runReply(m, p);
      },
    );
    const polling = new Polling(this.state, () => this.webhook.active());
    const ctx: BotContext = {
      state: this.state,
      limits: new SendLimits(clock, { ...TELEGRAM_LIMITS, ...options.limits }),
      botUser,
      baseUrl: () => this.baseUrl,
      polling,
      webhook: this.webhook,
    };
    const { server, call } = createTelegramServer(ctx, this.token, this.failures, this.requests);
    runReply = call;
    this.server = server;
    this.users = new TelegramUsers(ctx);
  }

  static async start(options: TelegramDoubleOptions = {}): Promise<TelegramDouble> {
    const double = new TelegramDouble(options);
    double.baseUrl = await listen(double.server, options.host ?? '127.0.0.1', options.port ?? 0);
    return double;
  }

  /** The apiRoot: methods live under `${url}/bot<token>/`, files under `${url}/file/bot<token>/`. */
  get url(): string {
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    this.webhook.stop();
    await close(this.server);
  }

  userSends(chatId: number, input: UserInput, profile?: Partial<TgUser>): TgUpdate {
    return this.users.sends(chatId, input, profile);
  }

  userPresses(chatId: number, messageId: number, callbackData: string): TgUpdate {
    return this.users.presses(chatId, messageId, callbackData);
  }

  /**
   * Delivers an already handled update once more, same update_id — what happens when a webhook
   * answer is lost or a poller dies before confirming. For exactly-once tests.
   */
  redeliver(update: TgUpdate): void {
    this.state.requeue(update);
  }

  /** From now on the bot's messages to this chat fail with 403 until the user writes again. */
  userBlocksBot(chatId: number): void {
    this.state.ensureChat(chatId).blocked = true;
  }

  messagesTo(chatId: number): BotMessage[] {
    return this.users.messagesTo(chatId);
  }

  waitForMessage(chatId: number, predicate: (m: BotMessage) => boolean = () => true, timeoutMs = 5000) {
    return this.users.waitForMessage(chatId, predicate, timeoutMs);
  }

  waitForCallbackAnswer(queryId: string, timeoutMs = 5000) {
    return this.users.waitForCallbackAnswer(queryId, timeoutMs);
  }

  chatActions(chatId: number): string[] {
    return [...(this.state.chats.get(chatId)?.chatActions ?? [])];
  }

  /** Updates produced and not yet confirmed (polling) or acknowledged (webhook). */
  pendingUpdates(): TgUpdate[] {
    return [...this.state.pending];
  }

  webhookAttempts(): WebhookAttempt[] {
    return [...this.webhook.attempts];
  }

  /** Waits until every queued update has been confirmed or acknowledged. */
  waitForDrain(timeoutMs = 5000): Promise<true> {
    return this.state.changed.waitFor(
      () => (this.state.pending.length === 0 ? true : undefined),
      timeoutMs,
      'drain',
    );
  }

  fileBytes(fileId: string): Buffer | undefined {
    return this.state.files.get(fileId)?.bytes;
  }

  commands(): unknown[] {
    return this.state.commands;
  }

  /**
   * The next `times` calls of `method` fail with this error (default 502 Bad Gateway), for testing
   * a bot's retries; 429 with `retryAfter` mimics a flood wait.
   */
  failNext(
    method: string,
    times = 1,
    error: { errorCode?: number; description?: string; retryAfter?: number } = {},
  ) {
    const errorCode = error.errorCode ?? 502;
    this.failures.push({
      method,
      times,
      errorCode,
      description:
        error.description ??
        (errorCode === 429 ? `Too Many Requests: retry after ${error.retryAfter ?? 1}` : 'Bad Gateway'),
      ...(errorCode === 429 ? { retryAfter: error.retryAfter ?? 1 } : {}),
    });
  }
}
