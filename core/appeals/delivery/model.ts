import { CHANNEL_LABEL_RU, type ChannelId } from '../../vocabulary/index.ts';

/** What a delivery carries: the registration auto-reply (R-APL-2), an interim answer (R-APL-4), the answer (R-APL-5). */
export const DELIVERY_PURPOSES = ['registration', 'interim', 'answer'] as const;
export type DeliveryPurpose = (typeof DELIVERY_PURPOSES)[number];

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'call_back', 'manual'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Channels the platform sends over itself, and the service whose gateways serve each. */
export const DELIVERY_CHANNELS = [
  'sms',
  'email',
  'push',
  'online_account',
  'telegram',
  'vk',
  'web_chat',
] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_SERVICE: Readonly<Record<DeliveryChannel, 'dialer' | 'chatbot'>> = {
  sms: 'dialer',
  email: 'dialer',
  push: 'dialer',
  online_account: 'dialer',
  telegram: 'chatbot',
  vk: 'chatbot',
  web_chat: 'chatbot',
};

/**
 * How an answer reaches a client who chose `channel`: sent by the platform; told in a call by an
 * operator (a task in the operator's list, not a send); or sent by hand where no sender exists
 * (post, the state platforms, the feedback book).
 */
export type DeliveryRoute =
  | { kind: 'send'; channel: DeliveryChannel }
  | { kind: 'call_back' }
  | { kind: 'manual' };

export function deliveryRoute(channel: ChannelId): DeliveryRoute {
  if (channel === 'phone' || channel === 'office') return { kind: 'call_back' };
  // The mobile app shows the same notices as push (one notice store, client_notices).
  if (channel === 'mobile_app') return { kind: 'send', channel: 'push' };
  if ((DELIVERY_CHANNELS as readonly string[]).includes(channel))
    return { kind: 'send', channel: channel as DeliveryChannel };
  return { kind: 'manual' };
}

export const PURPOSE_LABEL_RU: Readonly<Record<DeliveryPurpose, string>> = {
  registration: 'Уведомление о регистрации',
  interim: 'Промежуточный ответ',
  answer: 'Ответ',
};

export const STATUS_LABEL_RU: Readonly<Record<DeliveryStatus, string>> = {
  queued: 'Ожидает отправки',
  sending: 'Отправляется',
  sent: 'Отправлено',
  failed: 'Не доставлено',
  call_back: 'Перезвоните клиенту',
  manual: 'Отправьте вручную',
};

export function channelNameRu(channel: string): string {
  return CHANNEL_LABEL_RU[channel as ChannelId] ?? channel;
}
