import type { Redis } from 'ioredis';
import type { AppealSender, AppealSendResult, ClaimedDelivery } from '../../core/appeals/delivery/index.ts';
import type { WebDelivery } from '../channels/web/delivery.ts';
import type { ChatKeys } from '../dialog/keys.ts';
import type { ChatChannel } from '../dialog/types.ts';
import type { OutboundMessage } from './outbox.ts';
import { type Deliver, SendFailure } from './sender.ts';

/**
 * Appeal answers to the client's chat (core/appeals/delivery), even after the conversation
 * ended: through the channel adapters' own `deliver`, straight (the answer's result must come
 * back to the appeal, which the chat outbox does not report). Telegram and VK take 4096
 * characters a message: a longer answer goes in several messages, each with a stable id (VK
 * drops a repeated random_id).
 */
const PART_LIMIT = 4000;

export function splitForChat(text: string, limit = PART_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = Math.max(rest.lastIndexOf('\n', limit), rest.lastIndexOf(' ', limit));
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  parts.push(rest);
  return parts;
}

function failureOf(error: unknown, channelName: string): AppealSendResult {
  if (error instanceof SendFailure && error.kind === 'permanent')
    return {
      ok: false,
      permanent: true,
      reason: `${channelName} не принял сообщение: клиент запретил сообщения или чат не найден`,
    };
  throw error;
}

function chatSender(channel: ChatChannel, channelName: string, deliver: Deliver): AppealSender {
  return {
    channel,
    async send(delivery: ClaimedDelivery) {
      const parts = splitForChat(delivery.body);
      try {
        for (const [index, text] of parts.entries()) {
          const message: OutboundMessage = {
            id: `appeal-delivery-${delivery.id}-${index}`,
            channel,
            chatId: delivery.address ?? '',
            reply: { text },
            at: Date.now(),
          };
          await deliver(message);
        }
      } catch (error) {
        return failureOf(error, channelName);
      }
      return { ok: true, note: `Отправлено в чат (${parts.length} сообщ.)` };
    },
  };
}

export const telegramAppealSender = (deliver: Deliver) => chatSender('telegram', 'Telegram', deliver);
export const vkAppealSender = (deliver: Deliver) => chatSender('vk', 'ВКонтакте', deliver);

/**
 * The web chat keeps a session's messages 7 days (channels/web/delivery.ts): within them the
 * widget shows the answer when the client comes back; a session already gone cannot be reached.
 */
export function webChatAppealSender(redis: Redis, keys: ChatKeys, web: WebDelivery): AppealSender {
  const inner = chatSender('web_chat', 'Чат на сайте', (message) => web.deliver(message));
  return {
    channel: 'web_chat',
    async send(delivery, db) {
      if (!delivery.address || (await redis.exists(keys.webSeq(delivery.address))) === 0)
        return {
          ok: false,
          permanent: true,
          reason: 'Сеанс чата на сайте уже завершён: клиент не увидит ответ, сообщите его другим способом',
        };
      return inner.send(delivery, db);
    },
  };
}

/** The appeal senders for the chat channels this chatbot runs (web chat always). */
export function chatbotAppealSenders(
  running: { telegram?: { deliver: Deliver }; vk?: { deliver: Deliver } },
  redis: Redis,
  keys: ChatKeys,
  web: WebDelivery,
): AppealSender[] {
  return [
    webChatAppealSender(redis, keys, web),
    ...(running.telegram ? [telegramAppealSender(running.telegram.deliver)] : []),
    ...(running.vk ? [vkAppealSender(running.vk.deliver)] : []),
  ];
}
