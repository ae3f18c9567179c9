import { useEffect, useState } from 'preact/hooks';
import { type LiveMessage, live } from '../live.ts';

/**
 * Queues by the names people read (`acd_queues.title`), not the ACD's ids: every `hello` carries
 * the titles (server: live/area.ts), so a screen that shows a queue names it the same way.
 */
let titles: Record<string, string> = {};

function takeTitles(message: LiveMessage): void {
  const snapshot = message.snapshot as { queueTitles?: unknown } | undefined;
  const next = snapshot?.queueTitles;
  if (next && typeof next === 'object') titles = next as Record<string, string>;
}

// Registered when the module loads, before any screen's listener: a screen re-rendering on the
// same `hello` already reads the new titles.
live.on('hello', takeTitles);

/** The queue's title; its id when it has none (a queue made without one, or before `hello`). */
export function queueLabel(name: string | null | undefined): string {
  if (!name) return '—';
  return titles[name] ?? name;
}

/** `queueLabel` for a component: it re-renders when the titles arrive or change. */
export function useQueueLabel(): (name: string | null | undefined) => string {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const off = live.on('hello', () => setVersion((version) => version + 1));
    return () => void off();
  }, []);
  return queueLabel;
}
