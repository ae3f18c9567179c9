// biome-ignore lint/suspicious/noExplicitAny: raw ARI events are read field by field
export type AriEvent = Record<string, any>;
type Listener = (event: AriEvent) => void;

/**
 * Routes every ARI event of the application to whoever waits for it, by the ids it names:
 * channel (and Dial peer), playback and recording. One router per IVR process; calls, dials
 * and recordings listen for their own ids only, so 1,600 live calls cost one map lookup each.
 */
export class EventRouter {
  private readonly listeners = new Map<string, Set<Listener>>();

  listen(key: string, listener: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
    };
  }

  route(event: AriEvent): void {
    const keys = new Set<string>();
    if (event.channel?.id) keys.add(`channel:${event.channel.id}`);
    if (event.peer?.id) keys.add(`channel:${event.peer.id}`);
    if (event.playback?.id) keys.add(`playback:${event.playback.id}`);
    if (event.recording?.name) keys.add(`recording:${event.recording.name}`);
    for (const key of keys) {
      const set = this.listeners.get(key);
      if (!set) continue;
      for (const listener of [...set]) listener(event);
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
