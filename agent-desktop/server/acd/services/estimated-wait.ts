/**
 * Estimated wait for a new arrival, so the IVR can offer a callback instead of waiting (R-ACD-2).
 *
 * Erlang-free, queue-position estimate: the arrival is served when the `waiting` ahead of it and
 * itself have been taken by the operators serving the queue, each freeing up once per average
 * handle time. With a ready operator and nobody waiting the wait is 0. With no history the
 * standard's 5 min + talk assumption would be a guess, so `fallbackHandleMs` is used and said so.
 */
export interface EstimatedWaitInput {
  waiting: number;
  readyAgents: number;
  /** Operators logged in to the queue (ready or working), the ones who will free up. */
  staffedAgents: number;
  /** Average handle time (talk + wrap-up) so far; 0 when nothing was handled yet. */
  averageHandleMs: number;
  fallbackHandleMs?: number;
}

export function estimatedWaitMs(input: EstimatedWaitInput): number | null {
  if (input.readyAgents > input.waiting) return 0;
  if (input.staffedAgents === 0) return null; // nobody to wait for: the IVR offers a callback
  const handle = input.averageHandleMs > 0 ? input.averageHandleMs : (input.fallbackHandleMs ?? 180_000);
  const ahead = input.waiting + 1 - input.readyAgents;
  return Math.round((ahead * handle) / input.staffedAgents);
}
