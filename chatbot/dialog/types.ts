import type { IdentifiedAccount } from '../../core/selfservice/index.ts';
import type { TopicId } from '../../core/vocabulary/index.ts';
import type { DurableOpen } from './durable.ts';

/** The written channels the chatbot serves (R-BOT-6). */
export const CHAT_CHANNELS = ['telegram', 'vk', 'web_chat'] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

/** One conversation: a Telegram chat, a VK peer or a web-chat session. */
export interface ConversationRef {
  channel: ChatChannel;
  chatId: string;
}

export interface Attachment {
  kind: 'photo' | 'document';
  /** The channel's own reference: Telegram file_id, VK attachment string, web upload id. */
  ref: string;
  fileName?: string;
  mimeType?: string;
  /** The size the channel declared, if it did (files over the limit are not downloaded). */
  sizeBytes?: number;
  /** VK: where the bytes can be downloaded. Not kept in the state or the transcript. */
  url?: string;
  /** Web chat: already in storage (the upload endpoint put it there). Not kept in the state. */
  stored?: { key: string; sha256: string; size: number; mimeType: string };
}

/** What a client did: wrote text, pressed a button, sent a file. */
export interface Inbound {
  conversation: ConversationRef;
  /** The channel's event id (Telegram update_id, VK event_id, web message id): handled once. */
  eventId: string;
  text?: string;
  /** The data of a pressed button (see `Button.data`). */
  choice?: string;
  attachments?: Attachment[];
}

export interface Button {
  label: string;
  /** Short machine data (Telegram callback_data ≤ 64 bytes, VK payload ≤ 255). */
  data: string;
}

/** One message to the client; buttons are rows of inline buttons. */
export interface Reply {
  text: string;
  buttons?: Button[][];
}

export type Stage =
  | 'idle'
  | 'clarifying'
  | 'await_account'
  | 'await_second_factor'
  | 'await_readings'
  | 'await_outage_place'
  | 'offer_next'
  | 'anything_else'
  | 'queued'
  | 'with_operator'
  | 'await_csat';

/** Everything the dialog remembers between messages; kept in Redis, shared by instances. */
export interface ConversationState {
  stage: Stage;
  /** The open interaction (PostgreSQL); undefined before the first message and after goodbye. */
  interactionId?: string;
  startedAt?: number;
  /** The interaction was opened while PostgreSQL was down: its row is still to be written. */
  pendingOpen?: DurableOpen;
  /** The topic being served and the ones raised but not answered yet (one window, multi-topic). */
  topic?: TopicId;
  pendingTopics: TopicId[];
  /** Every topic of this interaction, for the interaction record and the operator. */
  topics: TopicId[];
  clarifications: number;
  /** Failed identification attempts; the client is handed over after too many. */
  identifyFailures: number;
  account?: IdentifiedAccount;
  /** The account number typed, waiting for the second factor. */
  pendingAccount?: string;
  abuseWarnings: number;
  mutedUntil?: number;
  attachments: Attachment[];
  agentId?: string;
  appealRegNumber?: string;
  /** When the client last wrote (ms): a long silence ends the interaction. */
  lastActivityAt?: number;
}

export function newConversationState(): ConversationState {
  return {
    stage: 'idle',
    pendingTopics: [],
    topics: [],
    clarifications: 0,
    identifyFailures: 0,
    abuseWarnings: 0,
    attachments: [],
  };
}

export function conversationKey(ref: ConversationRef): string {
  return `${ref.channel}:${ref.chatId}`;
}
