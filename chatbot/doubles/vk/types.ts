/** VK objects as the Callback API and messages methods carry them (API 5.199). */

export interface VkUser {
  id: number;
  first_name: string;
  last_name: string;
}

export interface VkMessage {
  id: number;
  date: number;
  peer_id: number;
  from_id: number;
  out: 0 | 1;
  text: string;
  attachments: unknown[];
  conversation_message_id: number;
  fwd_messages: unknown[];
  important: boolean;
  is_hidden: boolean;
  random_id: number;
  payload?: string;
}

/** What a test sees of a message the community (bot) sent. */
export interface VkBotMessage {
  id: number;
  peer_id: number;
  conversation_message_id: number;
  date: number;
  text: string;
  random_id: number;
  /** Parsed keyboard JSON, if any. */
  keyboard?: VkKeyboard;
  attachment: string[];
  payload?: string;
}

export interface VkButton {
  action: { type: string; label?: string; payload?: string; link?: string };
  color?: string;
}

export interface VkKeyboard {
  one_time?: boolean;
  inline?: boolean;
  buttons: VkButton[][];
}

/** One event the double POSTed to the callback server, with every attempt it took. */
export interface VkDelivery {
  eventId: string;
  type: string;
  delivered: boolean;
  attempts: { status: number | 'error'; body: string; ms: number; error?: string }[];
}

export interface VkEventRecord {
  eventId: string;
  userId: number;
  peerId: number;
  payload: unknown;
  conversationMessageId: number;
  answer?: unknown;
}
