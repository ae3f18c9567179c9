import type { Clock } from '../../../core/lifecycle/clock.ts';
import { SlidingWindow } from '../common/rate-window.ts';
import { tooManyRequests } from './errors.ts';

export interface TelegramLimits {
  /** Telegram's FAQ: no more than one message per second in a single chat. */
  perChatPerSecond: number;
  /** Telegram's FAQ: about 30 messages per second overall for bulk notifications. */
  globalPerSecond: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = { perChatPerSecond: 1, globalPerSecond: 30 };

/** Counts messages a bot sends; over a limit the request fails with 429 and retry_after. */
export class SendLimits {
  private readonly perChat: SlidingWindow;
  private readonly global: SlidingWindow;

  constructor(clock: Clock, limits: TelegramLimits) {
    this.perChat = new SlidingWindow(clock, limits.perChatPerSecond, 1000);
    this.global = new SlidingWindow(clock, limits.globalPerSecond, 1000);
  }

  admit(chatId: number): void {
    const waitMs = Math.max(this.perChat.waitMs(String(chatId)), this.global.waitMs('all'));
    if (waitMs > 0) throw tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));
    this.perChat.record(String(chatId));
    this.global.record('all');
  }
}
