import { useEffect, useState } from 'preact/hooks';
import { type LiveMessage, live } from '../live.ts';

/**
 * Queues by the names people read (`acd_queues.title`), not the ACD's ids: every `hello` carries
 * the titles (server: live/area.ts), and so does `queues.titles` when an admin renames a queue,
 * so a screen that shows a queue names it the same way.
 */
let titles: Record<string, string> = {};

function takeTitles(message: LiveMessage): void {
  const snapshot = message.snapshot as { queueTitles?: unknown } | undefined;
  const next = snapshot?.queueTitles;
  if (next && typeof next === 'object') titles = next as Record<string, string>;
}

/** A queue renamed while the screen is open: the server sends every title again (live/queue-titles.ts). */
function takeRenamed(message: LiveMessage): void {
  if (message.titles && typeof message.titles === 'object') titles = message.titles as Record<string, string>;
}

/** Messages that carry the titles; a component using `useQueueLabel` re-renders on each. */
const TITLE_MESSAGES = ['hello', 'queues.titles'] as const;

// Registered when the module loads, before any screen's listener: a screen re-rendering on the
// same message already reads the new titles.
live.on('hello', takeTitles);
live.on('queues.titles', takeRenamed);

/** The queue's title; its id when it has none (a queue made without one, or before `hello`). */
export function queueLabel(name: string | null | undefined): string {
  if (!name) return '—';
  return titles[name] ?? name;
}

/** `queueLabel` for a component: it re-renders when the titles arrive or change. */
export function useQueueLabel(): (name: string | null | undefined) => string {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const offs = TITLE_MESSAGES.map((type) => live.on(type, () => setVersion((version) => version + 1)));
    return () => {
      for (const off of offs) off();
    };
  }, []);
  return queueLabel;
}
