import { Telegraf, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../../core/logging/logger.ts';
import { FileTooLarge } from '../../attachments/download.ts';
import type { AttachmentJob } from '../../attachments/worker.ts';
import type { DialogEngine } from '../../dialog/engine.ts';
import type { OutboundMessage } from '../../outbound/outbox.ts';
import { SendFailure } from '../../outbound/sender.ts';
import { inboundFromUpdate, replyMarkup, TELEGRAM_TEXT_LIMIT } from './mapping.ts';

export interface TelegramChannelOptions {
  token: string;
  /** The Bot API root; only tests and private Bot API servers change it. */
  apiRoot?: string;
  mode: 'polling' | 'webhook';
  /** Webhook mode: the public HTTPS URL Telegram posts to, and the secret it sends with each update. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Called after each turn is committed, so the outbound queue sends at once. */
  onCommitted?: () => void;
}

/** Attempts of one update in polling mode before it is given up (telegraf confirms it anyway). */
const POLLING_ATTEMPTS = 4;

/**
 * Telegram through telegraf. Updates become dialog turns (exactly once per update_id); replies
 * go out through the durable outbound queue, never from the handler, because telegraf neither
 * queues nor retries and a 429 escaping a handler stops long polling.
 */
export class TelegramChannel {
  readonly bot: Telegraf;

  constructor(
    private readonly options: TelegramChannelOptions,
    private readonly engine: DialogEngine,
    private readonly logger: Logger,
  ) {
    // webhookReply off: every API call is a real request whose errors we see.
    this.bot = new Telegraf(options.token, {
      telegram: { apiRoot: options.apiRoot ?? 'https://api.telegram.org', webhookReply: false },
    });
    this.bot.use(async (ctx) => this.onUpdate(ctx.update, () => ctx.answerCbQuery().then(() => undefined)));
    this.bot.catch((error) => {
      this.logger.error({ err: error }, 'telegram update failed');
      // Webhook mode: a 500 makes Telegram deliver the update again (the dialog dedupes it).
      if (this.options.mode === 'webhook') throw error;
    });
  }

  private async onUpdate(update: Update, answerCallback: () => Promise<void>): Promise<void> {
    const inbound = inboundFromUpdate(update);
    if ('callback_query' in update) await answerCallback().catch(() => undefined);
    if (!inbound) {
      this.logger.debug({ updateId: update.update_id }, 'telegram update of a kind the bot does not serve');
      return;
    }
    if (inbound.text && inbound.text.length > TELEGRAM_TEXT_LIMIT)
      inbound.text = inbound.text.slice(0, TELEGRAM_TEXT_LIMIT);
    const attempts = this.options.mode === 'polling' ? POLLING_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.engine.handle(inbound);
        this.options.onCommitted?.();
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }

  async start(): Promise<void> {
    this.bot.botInfo = await this.bot.telegram.getMe();
    if (this.options.mode === 'webhook') {
      if (!this.options.webhookUrl) throw new Error('TELEGRAM_WEBHOOK_URL is required in webhook mode');
      await this.bot.telegram.setWebhook(this.options.webhookUrl, {
        secret_token: this.options.webhookSecret,
        allowed_updates: ['message', 'callback_query'],
      });
      return;
    }
    // launch() resolves only when polling stops; its failures are logged, not thrown at start.
    void this.bot.launch({ allowedUpdates: ['message', 'callback_query'] }).catch((error: Error) => {
      this.logger.error({ err: error }, 'telegram long polling stopped');
    });
  }

  /** The webhook endpoint (mounted by the chatbot's HTTP server at the path of TELEGRAM_WEBHOOK_URL). */
  webhookHandler(path: string) {
    return this.bot.webhookCallback(path, { secretToken: this.options.webhookSecret });
  }

  stop(): void {
    try {
      this.bot.stop('chatbot stopping');
    } catch {
      // not running (webhook mode): nothing to stop
    }
  }

  /** Where a client's file can be downloaded: getFile, then the Bot API's file link. */
  fileLocator = async (job: AttachmentJob): Promise<string> => {
    try {
      return (await this.bot.telegram.getFileLink(job.ref)).toString();
    } catch (error) {
      // Bots may download files up to 20 MB; a larger one is refused by getFile itself.
      if (error instanceof TelegramError && /too big/i.test(error.description))
        throw new FileTooLarge(20 * 1024 * 1024);
      throw error;
    }
  };

  /** The outbound queue's sender for Telegram. */
  deliver = async (message: OutboundMessage): Promise<void> => {
    try {
      await this.bot.telegram.sendMessage(message.chatId, message.reply.text.slice(0, TELEGRAM_TEXT_LIMIT), {
        reply_markup: replyMarkup(message.reply),
      });
    } catch (error) {
      throw toSendFailure(error);
    }
  };
}

export function toSendFailure(error: unknown): SendFailure {
  if (error instanceof TelegramError) {
    const code = error.code;
    if (code === 429) {
      const retryAfter = error.parameters?.retry_after ?? 1;
      return new SendFailure('retry', error.description, retryAfter * 1000);
    }
    if (code === 400 || code === 403 || code === 401) return new SendFailure('permanent', error.description);
    return new SendFailure('retry', error.description);
  }
  return new SendFailure('retry', (error as Error).message ?? String(error));
}
