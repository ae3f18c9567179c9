import { useEffect, useRef } from 'preact/hooks';

/**
 * "Copy to chat": the scripts and knowledge panels offer a phrase, the chat screen (when open)
 * puts it into the reply box. A window event keeps the two screens independent of each other.
 */
export const CHAT_INSERT_EVENT = 'hotline:chat-insert';

export function insertIntoChat(text: string): void {
  window.dispatchEvent(new CustomEvent(CHAT_INSERT_EVENT, { detail: { text } }));
}

/** The chat screen's side: `handler` receives every phrase offered while it is mounted. */
export function useChatInsert(handler: (text: string) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener = (event: Event) => {
      const text = (event as CustomEvent<{ text?: unknown }>).detail?.text;
      if (typeof text === 'string') latest.current(text);
    };
    window.addEventListener(CHAT_INSERT_EVENT, listener);
    return () => window.removeEventListener(CHAT_INSERT_EVENT, listener);
  }, []);
}
