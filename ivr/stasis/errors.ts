/** ARI's answer for a channel that no longer exists (ari-client passes the raw body). */
export function channelGone(error: unknown): boolean {
  return String((error as Error)?.message ?? error).includes('Channel not found');
}

/** Thrown into a flow when the caller is gone; the session ends it quietly. */
export class CallerHungUp extends Error {
  constructor() {
    super('caller hung up');
    this.name = 'CallerHungUp';
  }
}
