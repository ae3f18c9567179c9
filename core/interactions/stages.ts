import type { InteractionState } from '../vocabulary/index.ts';

/**
 * How one call or chat moves: the robot serves it (self_service), it waits in a queue, is
 * offered to an agent, connected, wrapped up and closed — or abandoned by the client. An offer
 * that is missed or declined, and a transfer, put it back in the queue.
 */
const NEXT: Readonly<Record<InteractionState, readonly InteractionState[]>> = {
  self_service: ['queued', 'closed', 'abandoned'],
  queued: ['offered', 'self_service', 'closed', 'abandoned'],
  offered: ['connected', 'queued', 'abandoned'],
  connected: ['wrap_up', 'queued', 'closed'],
  wrap_up: ['closed'],
  closed: [],
  abandoned: [],
};

export function canMoveInteraction(from: InteractionState, to: InteractionState): boolean {
  return NEXT[from].includes(to);
}

/**
 * The stage timestamps a move sets (the `interactions` columns). First queueing and first
 * answer are kept on re-queue/transfer, so waiting time counts from the first time in queue.
 */
export function stageTimestamps(
  from: InteractionState,
  to: InteractionState,
): Record<string, 'now' | 'keep-first'> {
  switch (to) {
    case 'queued':
      return { queued_at: 'keep-first' };
    case 'offered':
      return { offered_at: 'now' };
    case 'connected':
      return { answered_at: 'keep-first' };
    case 'wrap_up':
      return { talk_ended_at: 'now' };
    case 'closed':
    case 'abandoned':
      if (from === 'wrap_up') return { wrap_up_ended_at: 'now', closed_at: 'now' };
      if (from === 'connected') return { talk_ended_at: 'keep-first', closed_at: 'now' };
      return { closed_at: 'now' };
    default:
      return {};
  }
}
