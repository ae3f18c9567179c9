export { DEFAULT_TOKEN, TelegramDouble, type TelegramDoubleOptions } from './double.ts';
export { TELEGRAM_LIMITS, type TelegramLimits } from './limits.ts';
export type { UserInput } from './scripting.ts';
export type { BotMessage, TgMessage, TgUpdate, TgUser } from './types.ts';
export type { WebhookAttempt } from './webhook.ts';
