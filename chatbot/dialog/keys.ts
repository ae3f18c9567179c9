import type { ConversationRef } from './types.ts';

/**
 * Redis keys of the chatbot. One hash tag `{<prefix>:chat}` keeps the keys one MULTI touches in
 * one Redis Cluster slot, as the ACD does with `{<prefix>:acd}`.
 */
export interface ChatKeys {
  base: string;
  state(ref: ConversationRef): string;
  lock(ref: ConversationRef): string;
  /** The conversation so far (a bounded list of lines) for the operator and the appeal. */
  recent(ref: ConversationRef): string;
  /** Marker of an inbound event already handled (exactly-once, R-BOT reliability). */
  seen(channel: string, eventId: string): string;
  /** Interaction id → conversation, for operator messages and ACD events. */
  interaction(id: string): string;
  outboxQueue(channel: string, chatId: string): string;
  outboxReady(channel: string): string;
  outboxRate(channel: string): string;
  transcript: string;
  /** Conversations with an open interaction, scored by the client's last message (idle sweep). */
  active: string;
  /** Files to copy from the channels into storage (chatbot/attachments). */
  attachments: string;
  toOperator: string;
  fromOperator: string;
  webInbox(sessionId: string): string;
  webSeq(sessionId: string): string;
  webLive: string;
}

export function chatKeys(prefix: string): ChatKeys {
  const base = `{${prefix}:chat}:`;
  const conv = (ref: ConversationRef) => `${ref.channel}:${ref.chatId}`;
  return {
    base,
    state: (ref) => `${base}st:${conv(ref)}`,
    lock: (ref) => `${base}lk:${conv(ref)}`,
    recent: (ref) => `${base}rc:${conv(ref)}`,
    seen: (channel, eventId) => `${base}seen:${channel}:${eventId}`,
    interaction: (id) => `${base}ix:${id}`,
    outboxQueue: (channel, chatId) => `${base}ob:q:${channel}:${chatId}`,
    outboxReady: (channel) => `${base}ob:ready:${channel}`,
    outboxRate: (channel) => `${base}ob:rate:${channel}`,
    transcript: `${base}tr`,
    attachments: `${base}att`,
    active: `${base}active`,
    toOperator: `${base}to-operator`,
    fromOperator: `${base}from-operator`,
    webInbox: (sessionId) => `${base}web:in:${sessionId}`,
    webSeq: (sessionId) => `${base}web:seq:${sessionId}`,
    webLive: `${base}web:live`,
  };
}
