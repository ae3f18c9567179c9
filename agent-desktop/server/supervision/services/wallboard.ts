/** Wallboard rules (R-ACD-5): which chats are close to the 15-minute first-answer limit. */
// The wait's colour is the ACD's rule (acd/services/service-level.ts): the figures carry it.
export { waitTone } from '../../acd/services/service-level.ts';

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
