import type { VkMethodHandler } from '../context.ts';
import { ERRORS, invalidParam } from '../errors.ts';
import { parseKeyboard } from '../keyboard.ts';
import { eventAnswerSchema, messagesSendSchema, parseVk } from '../schemas.ts';
import type { VkBotMessage } from '../types.ts';

export const MAX_MESSAGE_LENGTH = 4096;
const ATTACHMENT =
  /^(photo|doc|video|audio|wall|market|poll|link|sticker|audio_message)-?\d+_\d+(_[A-Za-z0-9]+)?$/;

export const send: VkMethodHandler = (ctx, params, version) => {
  const input = parseVk(messagesSendSchema, params);
  const peerIds = input.peer_ids
    ? input.peer_ids.split(',').map(Number)
    : [Number(input.peer_id ?? input.user_id ?? Number.NaN)].filter((id) => !Number.isNaN(id));
  if (peerIds.length === 0) {
    throw invalidParam('you should specify peer_id, user_id, domain, chat_id or user_ids param');
  }
  if (input.random_id === undefined && version.atLeast('5.90')) {
    throw invalidParam('random_id is a required parameter');
  }
  const text = input.message ?? '';
  const attachment = (input.attachment ?? '').split(',').filter(Boolean);
  if (text.trim() === '' && attachment.length === 0) throw invalidParam('message is empty or invalid');
  if (attachment.some((item) => !ATTACHMENT.test(item))) throw invalidParam('attachment is invalid');
  if (text.length > MAX_MESSAGE_LENGTH) throw ERRORS.tooLong();
  const keyboard = parseKeyboard(input.keyboard);
  const randomId = Number(input.random_id ?? 0);

  const results = peerIds.map((peerId) => {
    const record = ctx.state.peers.get(peerId);
    if (!record?.allowed) throw ERRORS.cantSend();
    const dedupeKey = `${peerId}:${randomId}`;
    const earlier = randomId !== 0 ? ctx.state.sentByRandomId.get(dedupeKey) : undefined;
    if (earlier !== undefined) {
      const message = record.botMessages.find((m) => m.id === earlier);
      return {
        peer_id: peerId,
        message_id: earlier,
        conversation_message_id: message?.conversation_message_id ?? 0,
      };
    }
    const ids = ctx.state.allocateIds(record);
    const message: VkBotMessage = {
      id: ids.id,
      peer_id: peerId,
      conversation_message_id: ids.cmid,
      date: ctx.state.unixNow(),
      text,
      random_id: randomId,
      attachment,
      ...(keyboard ? { keyboard } : {}),
      ...(input.payload ? { payload: input.payload } : {}),
    };
    record.botMessages.push(message);
    if (randomId !== 0) ctx.state.sentByRandomId.set(dedupeKey, message.id);
    return {
      peer_id: peerId,
      message_id: message.id,
      conversation_message_id: message.conversation_message_id,
    };
  });
  ctx.state.changed.notify();
  return input.peer_ids ? results : results[0]?.message_id;
};

export const sendMessageEventAnswer: VkMethodHandler = (ctx, params) => {
  const input = parseVk(eventAnswerSchema, params);
  const event = ctx.state.events.get(input.event_id);
  if (!event || event.userId !== Number(input.user_id) || event.peerId !== Number(input.peer_id)) {
    throw invalidParam('event_id is invalid');
  }
  let data: unknown = null;
  if (input.event_data !== undefined) {
    try {
      data = JSON.parse(input.event_data);
    } catch {
      throw invalidParam('event_data is invalid');
    }
  }
  event.answer = data;
  ctx.state.changed.notify();
  return 1;
};
