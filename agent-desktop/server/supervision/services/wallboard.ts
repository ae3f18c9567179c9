/**
 * Wallboard rules (R-ACD-1/2/5): how the longest wait is coloured against the queue's limits,
 * and which chats are close to the 15-minute first-answer limit.
 */
export type Tone = 'ok' | 'warn' | 'bad';

export interface WaitLimits {
  /** Pre-alert (80 s by default): the wait turns amber from here. */
  prealertMs: number;
  /** The standard's limit (100 s): red once reached — the supervisor must act before it passes. */
  alertMs: number;
}

export const DEFAULT_WAIT_LIMITS: WaitLimits = { prealertMs: 80_000, alertMs: 100_000 };

export function waitTone(longestWaitMs: number, limits: WaitLimits = DEFAULT_WAIT_LIMITS): Tone {
  if (longestWaitMs >= limits.alertMs) return 'bad';
  if (longestWaitMs >= limits.prealertMs) return 'warn';
  return 'ok';
}

/** How long before its first-answer deadline a chat is shown as "nearing 15 minutes". */
export const CHAT_NEARING_WINDOW_MS = 3 * 60_000;

export interface ChatDeadline {
  ix: string;
  /** When the first answer falls due (the ACD's timer: ЕКЦ working time counted). */
  dueAt: number;
}

/** Chats whose first-answer deadline is within the window from now (not yet passed), soonest first. */
export function chatsNearingDeadline(
  deadlines: readonly ChatDeadline[],
  now: number,
  windowMs = CHAT_NEARING_WINDOW_MS,
): ChatDeadline[] {
  return deadlines
    .filter((chat) => chat.dueAt > now && chat.dueAt - now <= windowMs)
    .sort((a, b) => a.dueAt - b.dueAt);
}
