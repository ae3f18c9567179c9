import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { DeskView, DeskWorkItem } from '../../../../../shared/workspace.ts';
import { get } from '../../../api.ts';
import { type LiveMessage, live, useLive } from '../../../live.ts';

/** GET /api/workspace as the server sends it; on these screens a work item is always a desk item. */
export type { DeskView, DeskWorkItem as WorkItem };

/**
 * The server's time as of the last desk load (countdowns are the server's seconds: the ACD
 * withdraws an offer by its own clock). Falls back to the live channel's offset before that.
 */
let offsetMs: number | undefined;
export function serverNow(): number {
  return offsetMs === undefined ? live.serverNow() : Date.now() + offsetMs;
}

/** The ACD events that change what is on this operator's desk. */
const DESK_EVENTS = [
  'hello',
  'acd.offered',
  'acd.offer_withdrawn',
  'acd.answered',
  'acd.wrap_up',
  'acd.closed',
  'acd.agent_state',
];

/**
 * The desk, reloaded from the server on every (re)connect and every ACD event about this
 * operator; `onEvent` sees those events first (for messages such as a missed offer).
 */
export function useDesk(userId: number, onEvent: (message: LiveMessage) => void) {
  const [desk, setDesk] = useState<DeskView | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  // Events come in bursts and each starts a load; a slower, older answer must not overwrite a
  // newer one (it would bring back an offer already gone, or hide one just made).
  const requested = useRef(0);
  const applied = useRef(0);
  const reload = useCallback(async () => {
    const seq = ++requested.current;
    try {
      const sent = Date.now();
      const view = await get<DeskView>('/api/workspace');
      if (seq < applied.current) return;
      applied.current = seq;
      offsetMs = view.serverNow - (sent + Date.now()) / 2;
      setDesk(view);
      setError(undefined);
    } catch (failure) {
      if (seq >= applied.current) setError(failure);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  useLive(DESK_EVENTS, (message) => {
    // Supervisors receive everyone's events; this desk follows only its own operator.
    if (message.type !== 'hello' && message.agent !== String(userId)) return;
    onEvent(message);
    void reload();
  });
  return { desk, error, reload, setDesk };
}
