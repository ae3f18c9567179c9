import { type AcdWorkingTime, chatDeadlines } from '../../acd/services/working-time.ts';
import type { ChatLine, ChatSummary } from '../schemas.ts';

/** The ACD interaction hash fields the chats screen reads (see acd/commands/enqueue-4.lua). */
export type AcdInteraction = Record<string, string>;

/**
 * A chat belongs on the operator's screen from the accept until wrap-up ends: the ACD says it is
 * a chat, it is this operator's, and it is in conversation or wrap-up.
 */
export function isOperatorsChat(hash: AcdInteraction | null, agentId: string): hash is AcdInteraction {
  return Boolean(
    hash &&
      hash.media === 'chat' &&
      hash.ag === agentId &&
      (hash.st === 'connected' || hash.st === 'wrap_up'),
  );
}

/**
 * One conversation from two places: lines the chatbot's transcript writer already put in
 * PostgreSQL and lines still waiting in its Redis stream. A line can briefly be in both (written,
 * not yet deleted from the stream), so the same instant, speaker and text count once.
 */
export function mergeLines(stored: ChatLine[], pending: ChatLine[]): ChatLine[] {
  const seen = new Set<string>();
  const merged: ChatLine[] = [];
  for (const line of [...stored, ...pending]) {
    const key = `${line.at}|${line.from}|${line.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(line);
  }
  // Stable: lines of one turn share an instant and keep their order.
  return merged.sort((a, b) => a.at - b.at);
}

export function clientLineCount(lines: ChatLine[]): number {
  return lines.filter((line) => line.from === 'client').length;
}

const num = (value: string | undefined): number | null =>
  value === undefined || value === '' ? null : Number(value);

/** What the list shows of one chat; `readCount` = client lines the operator has already seen. */
export function summarize(input: {
  ix: string;
  hash: AcdInteraction;
  lines: ChatLine[];
  readCount: number;
  wrapUpEndsAt: number | null;
  workingTime: AcdWorkingTime;
}): ChatSummary {
  const { hash, lines } = input;
  const enqueuedAt = Number(hash.enq);
  return {
    ix: input.ix,
    channel: hash.ch ?? '',
    queue: hash.q ?? '',
    state: hash.st === 'wrap_up' ? 'wrap_up' : 'connected',
    topics: hash.tp ? hash.tp.split(',') : [],
    enqueuedAt,
    answeredAt: num(hash.ans),
    firstAnswerDue: chatDeadlines(input.workingTime, hash.ch ?? '', enqueuedAt).firstAnswerDue,
    firstAnsweredAt: num(hash.fa),
    wrapUpEndsAt: hash.st === 'wrap_up' ? input.wrapUpEndsAt : null,
    unread: Math.max(0, clientLineCount(lines) - input.readCount),
    lines: lines.length,
    lastAt: lines.at(-1)?.at ?? null,
  };
}
