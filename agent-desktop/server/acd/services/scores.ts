/**
 * The waiting order, mirrored from commands/includes/util.lua `ixScore`: priority (0..9, higher
 * first), then the ORIGINAL enqueue time. A lower score is served first.
 */
export const SCORE_SPAN = 10_000_000_000_000;

export function waitingScore(priority: number, enqueuedAtMs: number): number {
  return (9 - priority) * SCORE_SPAN + enqueuedAtMs;
}

export function decodeWaitingScore(score: number): { priority: number; enqueuedAtMs: number } {
  const tier = Math.floor(score / SCORE_SPAN);
  return { priority: 9 - tier, enqueuedAtMs: score - tier * SCORE_SPAN };
}
