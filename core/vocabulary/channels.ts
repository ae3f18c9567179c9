/**
 * Channels through which clients reach the company (standard 4.1, R-APL-1) and through which
 * the platform informs them (R-DLR-2). Deadline groups follow R-APL-3.
 */
export const CHANNEL_IDS = [
  'phone',
  'telegram',
  'vk',
  'web_chat',
  'email',
  'site_form',
  'online_account',
  'mobile_app',
  'post',
  'gis_zhkh',
  'pos',
  'feedback_book',
  'corruption_line',
  'sms',
  'push',
  'office',
] as const;

export type ChannelId = (typeof CHANNEL_IDS)[number];

/**
 * Deadline groups of R-APL-3: the standard sets answer deadlines per group, not per channel.
 * `pos` is the state feedback platform (Платформа обратной связи), not a point of sale.
 */
export const DEADLINE_GROUPS = ['voice', 'messenger', 'interactive', 'post', 'regulated'] as const;
export type DeadlineGroup = (typeof DEADLINE_GROUPS)[number];

export const CHANNEL_DEADLINE_GROUP: Readonly<Record<ChannelId, DeadlineGroup>> = {
  phone: 'voice',
  office: 'voice',
  telegram: 'messenger',
  vk: 'messenger',
  web_chat: 'messenger',
  email: 'interactive',
  site_form: 'interactive',
  online_account: 'interactive',
  mobile_app: 'interactive',
  sms: 'interactive',
  push: 'interactive',
  post: 'post',
  gis_zhkh: 'regulated',
  pos: 'regulated',
  feedback_book: 'regulated',
  corruption_line: 'regulated',
};

/** Channels where a conversation happens live and an operator queue applies. */
export const LIVE_CHANNELS: readonly ChannelId[] = ['phone', 'telegram', 'vk', 'web_chat'];

/** Outbound informing channels (R-DLR-2). */
export const OUTBOUND_CHANNELS = ['phone', 'sms', 'email', 'push', 'online_account'] as const;
export type OutboundChannel = (typeof OUTBOUND_CHANNELS)[number];

export const CHANNEL_LABEL_RU: Readonly<Record<ChannelId, string>> = {
  phone: 'Телефон',
  telegram: 'Telegram',
  vk: 'ВКонтакте',
  web_chat: 'Чат на сайте',
  email: 'Электронная почта',
  site_form: 'Форма на сайте',
  online_account: 'Личный кабинет',
  mobile_app: 'Мобильное приложение',
  post: 'Почта',
  gis_zhkh: 'ГИС ЖКХ',
  pos: 'Платформа обратной связи',
  feedback_book: 'Книга жалоб и предложений',
  corruption_line: 'Линия «Антикоррупция»',
  sms: 'SMS',
  push: 'Push-уведомление',
  office: 'Офис обслуживания',
};

export function isChannelId(value: string): value is ChannelId {
  return (CHANNEL_IDS as readonly string[]).includes(value);
}
