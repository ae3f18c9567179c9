import { useEffect, useRef, useState } from 'preact/hooks';

export interface LiveMessage {
  type: string;
  [field: string]: unknown;
}

type Listener = (message: LiveMessage) => void;
export type LiveStatus = 'connecting' | 'online' | 'offline';

/**
 * The WebSocket to the desktop server. It reconnects by itself with backoff; every (re)connect
 * starts with a `hello` carrying a fresh snapshot, so screens resynchronise without a reload.
 */
export class LiveConnection {
  private socket: WebSocket | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private retryMs = 500;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  status: LiveStatus = 'connecting';
  /** The last `hello`: a screen that mounts later still gets the snapshot. */
  lastHello: LiveMessage | undefined;
  /** Server time minus browser time, from the last `hello` (countdowns follow the server's clock). */
  offsetMs = 0;

  serverNow(): number {
    return Date.now() + this.offsetMs;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close();
  }

  /** Subscribe to one message type ('*' = all); returns the unsubscribe function. */
  on(type: string, listener: Listener): () => void {
    const set = this.listeners.get(type) ?? new Set<Listener>();
    this.listeners.set(type, set);
    set.add(listener);
    if (type === 'hello' && this.lastHello) listener(this.lastHello);
    return () => set.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Ask the server for a fresh snapshot (after an action whose effect the screen must show). */
  resync(): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send('resync');
  }

  private open(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/ws`);
    this.socket = socket;
    this.setStatus('connecting');
    socket.onopen = () => {
      this.retryMs = 500;
      this.setStatus('online');
    };
    socket.onmessage = (event) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(String(event.data)) as LiveMessage;
      } catch {
        return;
      }
      if (message.type === 'hello') {
        this.lastHello = message;
        this.offsetMs = Number(message.at) - Date.now();
      }
      for (const key of [message.type, '*']) for (const fn of this.listeners.get(key) ?? []) fn(message);
    };
    socket.onclose = () => {
      this.setStatus('offline');
      if (this.stopped) return;
      this.timer = setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    };
  }

  private setStatus(status: LiveStatus): void {
    this.status = status;
    for (const fn of this.statusListeners) fn(status);
  }
}

export const live = new LiveConnection();

/** Re-render on messages of the given types; `handler` sees each one. */
export function useLive(types: string[], handler: Listener): void {
  // The latest handler is called, but subscriptions change only with the types: a re-render must
  // not replay the last `hello`.
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const offs = types.map((type) => live.on(type, (message) => latest.current(message)));
    return () => {
      for (const off of offs) off();
    };
  }, [types.join(',')]);
}

export function useLiveStatus(): LiveStatus {
  const [status, setStatus] = useState(live.status);
  useEffect(() => live.onStatus(setStatus), []);
  return status;
}
