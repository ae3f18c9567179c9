/**
 * Chats as the desktop's API sends them: the server builds them (agent-desktop/server/chats), the
 * browser reads them (web/src/pages/chats, pages/supervisor/chat-review). Types only, no Node or
 * DOM imports, so both tsconfigs compile this one declaration.
 */

export type Speaker = 'client' | 'bot' | 'operator';

export interface ChatAttachment {
  kind: string;
  ref: string;
  fileName?: string;
  mimeType?: string;
  /** Where the desktop opens it, when the platform keeps a copy. */
  url?: string;
}

/** One line of a conversation. */
export interface ChatLine {
  at: number;
  from: Speaker;
  text: string;
  attachments?: ChatAttachment[];
  agentId?: string;
}

/** One of the operator's accepted chats, as GET /api/chats lists it. */
export interface ChatSummary {
  ix: string;
  channel: string;
  queue: string;
  state: 'connected' | 'wrap_up';
  topics: string[];
  enqueuedAt: number;
  answeredAt: number | null;
  /** R-ACD-5: the first answer is due 15 minutes of ЕКЦ time after arrival. */
  firstAnswerDue: number | null;
  firstAnsweredAt: number | null;
  /** Wrap-up ends by itself at this instant (null while the chat is on). */
  wrapUpEndsAt: number | null;
  unread: number;
  lines: number;
  lastAt: number | null;
}

export interface CannedAnswer {
  id: string;
  group: string;
  title: string;
  text: string;
}

/**
 * A chat as supervisors and quality see it (GET /api/supervision/chats): any chat, the bot-only
 * ones included; no client data in the list (opening the transcript is audited).
 */
export interface ReviewChat {
  ix: string;
  channel: string;
  queue: string | null;
  /** The interaction's stage (self_service, queued, offered, connected, wrap_up, closed, abandoned). */
  state: string;
  outcome: string | null;
  topics: string[];
  agent: { id: string; fullName: string } | null;
  startedAt: number;
  answeredAt: number | null;
  closedAt: number | null;
  /** The client's 1–5 rating, when given. */
  csat: number | null;
  lines: number;
}

/** GET /api/supervision/chats/:id — read-only, nothing is marked read. */
export interface ReviewTranscript {
  chat: ReviewChat;
  lines: ChatLine[];
}
