import {
  channelNameRu,
  type Delivery,
  PURPOSE_LABEL_RU,
  STATUS_LABEL_RU,
} from '../../../../core/appeals/delivery/index.ts';

/** What the operator must know or do about one delivery, in Russian. */
function hintOf(delivery: Delivery): string {
  const channel = channelNameRu(delivery.channel);
  switch (delivery.status) {
    case 'queued':
      return delivery.lastError
        ? `${delivery.lastError}. Попыток: ${delivery.attempts}.`
        : `Будет отправлено по каналу «${channel}».`;
    case 'sending':
      return `Отправляется по каналу «${channel}».`;
    case 'sent':
      return delivery.sentBy === null
        ? `Отправлено по каналу «${channel}».`
        : 'Отмечено сотрудником как переданное клиенту.';
    case 'failed':
      return `${delivery.lastError ?? 'Отправка не удалась'}. Проверьте адрес и повторите отправку или сообщите ответ другим способом.`;
    case 'call_back':
      return 'Клиент выбрал ответ по телефону: перезвоните и сообщите ответ, затем отметьте это здесь.';
    case 'manual':
      return delivery.lastError
        ? `${delivery.lastError}. Передайте ответ клиенту сами и отметьте это здесь.`
        : `Для канала «${channel}» автоматической отправки нет: отправьте ответ сами и отметьте это здесь.`;
  }
}

/** A delivery as the "Обращения" screen shows it (the address is the client's own, shown to the handler). */
export function deliveryView(delivery: Delivery) {
  return {
    id: delivery.id,
    purpose: delivery.purpose,
    purposeLabel: PURPOSE_LABEL_RU[delivery.purpose],
    channel: delivery.channel,
    channelLabel: channelNameRu(delivery.channel),
    address: delivery.address,
    status: delivery.status,
    statusLabel: STATUS_LABEL_RU[delivery.status],
    tone: (delivery.status === 'sent' ? 'ok' : delivery.status === 'failed' ? 'bad' : 'warn') as
      | 'ok'
      | 'bad'
      | 'warn',
    hint: hintOf(delivery),
    attempts: delivery.attempts,
    sentAt: delivery.sentAt,
    canRetry: delivery.status === 'failed',
    canMarkDone:
      delivery.status === 'call_back' || delivery.status === 'manual' || delivery.status === 'failed',
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;
