import { AriError, type SimulatedAsterisk } from './asterisk.ts';
import type { SimChannel } from './channel.ts';
import type { CancelTimer } from './clock.ts';

export type PlaybackState = 'queued' | 'playing' | 'paused' | 'continuing' | 'done' | 'failed';

/** What one media URI does when played, as observed on Asterisk 22 (playback-tones-and-failures). */
export type MediaOutcome =
  | { kind: 'plays'; lengthMs: number }
  | { kind: 'endless' } // tone: plays until stopped
  | { kind: 'fails' } // missing sound file, number: without digit files
  | { kind: 'doneAtOnce' } // digits: with no digit files still reports done
  | { kind: 'vanishes' }; // recording:<missing>, unsupported scheme: PlaybackStarted, then nothing ever

/** Answers how a media URI behaves; the double's sound catalogue and stored recordings feed it. */
export type MediaResolver = (mediaUri: string, language: string) => MediaOutcome;

export class SimPlayback {
  state: PlaybackState = 'queued';
  index = 0;
  remainingMs = 0;
  /** Wall instant (double clock) the current media resumed, to compute what is left on pause. */
  resumedAtMs = 0;
  cancelTimer: CancelTimer | undefined;

  constructor(
    readonly id: string,
    readonly media: string[],
    readonly targetUri: string,
    readonly language: string,
    readonly skipMs: number,
  ) {}

  snapshot(): Record<string, unknown> {
    const shown: Record<string, unknown> = { id: this.id, media_uri: this.media[this.index] };
    const next = this.media[this.index + 1];
    if (next !== undefined) shown.next_media_uri = next;
    return { ...shown, target_uri: this.targetUri, language: this.language, state: this.state };
  }
}

/**
 * Playbacks on channels and bridges: one plays per target, the rest wait in order; DTMF never
 * stops them; pause/forward are silent, unpause re-sends PlaybackStarted; a media list walks
 * Started → Continuing → Started … → Finished under one id.
 */
export class Playbacks {
  private readonly byId = new Map<string, SimPlayback>();
  private readonly queues = new Map<string, SimPlayback[]>();

  constructor(
    private readonly asterisk: SimulatedAsterisk,
    private readonly resolveMedia: MediaResolver,
  ) {
    asterisk.hooks.push({ stage: 2, beforeStasisEnd: (channel) => this.targetGone(`channel:${channel.id}`) });
  }

  get(id: string): SimPlayback {
    const playback = this.byId.get(id);
    if (!playback) throw new AriError(404, { message: 'Playback not found' });
    return playback;
  }

  /** Queues a playback; the REST reply is the `queued` snapshot taken before it starts (or `failed`). */
  play(
    targetUri: string,
    id: string,
    media: string[],
    options: { lang?: string; skipms?: number },
  ): Record<string, unknown> {
    if (this.byId.has(id)) throw new AriError(409, { message: 'Playback with this id already exists' });
    if (media.length === 0) throw new AriError(400, { message: 'media: Missing parameter' });
    const playback = new SimPlayback(id, media, targetUri, options.lang ?? 'en', options.skipms ?? 3000);
    this.byId.set(id, playback);
    const reply = playback.snapshot();
    const queue = this.queues.get(targetUri) ?? [];
    this.queues.set(targetUri, queue);
    queue.push(playback);
    if (queue.length === 1) this.startMedia(playback);
    // A sound that does not exist fails while the request is handled: Asterisk's reply then
    // already says `failed` (real 22.10.1; the events came before the reply).
    if (playback.state === 'failed') return { ...reply, state: 'failed' };
    return reply;
  }

  stop(id: string): void {
    const playback = this.get(id);
    if (playback.state === 'queued') {
      this.remove(playback);
      return;
    }
    // Observed: stopping a media list ends the current item and moves on to the next one.
    this.mediaEnded(playback);
  }

  control(id: string, operation: string): void {
    const playback = this.get(id);
    const known = ['pause', 'unpause', 'forward', 'reverse', 'restart'];
    if (!known.includes(operation)) throw new AriError(400, { message: 'Invalid operation' });
    if (playback.state !== 'playing' && playback.state !== 'paused') {
      throw new AriError(409, { message: 'Playback not playing' });
    }
    const now = this.asterisk.clock.nowMs();
    if (playback.state === 'playing') {
      playback.remainingMs -= now - playback.resumedAtMs;
      playback.resumedAtMs = now;
    }
    if (operation === 'pause' && playback.state === 'playing') {
      playback.cancelTimer?.();
      playback.state = 'paused';
      return;
    }
    if (operation === 'unpause' && playback.state === 'paused') {
      playback.state = 'playing';
      this.asterisk.emitForTarget('PlaybackStarted', playback.targetUri, { playback: playback.snapshot() });
    }
    if (operation === 'forward') playback.remainingMs -= playback.skipMs;
    if (operation === 'reverse') playback.remainingMs += playback.skipMs;
    if (operation === 'restart') playback.remainingMs = this.lengthOf(playback);
    if (playback.state === 'playing') this.schedule(playback);
  }

  private lengthOf(playback: SimPlayback): number {
    const outcome = this.resolveMedia(playback.media[playback.index] ?? '', playback.language);
    return outcome.kind === 'plays' ? outcome.lengthMs : 0;
  }

  private schedule(playback: SimPlayback): void {
    playback.cancelTimer?.();
    if (!Number.isFinite(playback.remainingMs)) return;
    playback.cancelTimer = this.asterisk.clock.setTimer(Math.max(0, playback.remainingMs), () =>
      this.mediaEnded(playback),
    );
  }

  private startMedia(playback: SimPlayback): void {
    const outcome = this.resolveMedia(playback.media[playback.index] ?? '', playback.language);
    playback.state = 'playing';
    this.asterisk.emitForTarget('PlaybackStarted', playback.targetUri, { playback: playback.snapshot() });
    const [kind, targetId] = playback.targetUri.split(':') as [string, string];
    if (kind === 'channel') {
      const channel = this.asterisk.channels.get(targetId);
      if (channel) this.asterisk.mediaStarted(channel);
    }
    playback.resumedAtMs = this.asterisk.clock.nowMs();
    switch (outcome.kind) {
      case 'plays':
        playback.remainingMs = outcome.lengthMs;
        this.schedule(playback);
        return;
      case 'endless':
        playback.remainingMs = Number.POSITIVE_INFINITY;
        return;
      case 'doneAtOnce':
        this.mediaEnded(playback);
        return;
      case 'fails':
        this.finish(playback, 'failed');
        return;
      case 'vanishes':
        this.remove(playback);
        return;
    }
  }

  private mediaEnded(playback: SimPlayback): void {
    playback.cancelTimer?.();
    if (playback.index + 1 < playback.media.length) {
      playback.state = 'continuing';
      this.asterisk.emitForTarget('PlaybackContinuing', playback.targetUri, {
        playback: playback.snapshot(),
      });
      playback.index += 1;
      this.startMedia(playback);
      return;
    }
    this.finish(playback, 'done');
  }

  private finish(playback: SimPlayback, state: 'done' | 'failed'): void {
    playback.state = state;
    this.asterisk.emitForTarget('PlaybackFinished', playback.targetUri, { playback: playback.snapshot() });
    this.remove(playback);
  }

  /** Drops a playback without an event and lets the next one on the same target start. */
  private remove(playback: SimPlayback): void {
    playback.cancelTimer?.();
    this.byId.delete(playback.id);
    const queue = this.queues.get(playback.targetUri) ?? [];
    const position = queue.indexOf(playback);
    if (position >= 0) queue.splice(position, 1);
    if (queue.length === 0) this.queues.delete(playback.targetUri);
    else if (position === 0 && queue[0]) this.startMedia(queue[0]);
  }

  /** The channel hung up or the bridge went away: the running playback fails, the rest vanish. */
  targetGone(targetUri: string): void {
    const queue = this.queues.get(targetUri);
    if (!queue) return;
    this.queues.delete(targetUri);
    const [current, ...waiting] = queue;
    for (const playback of waiting) this.byId.delete(playback.id);
    if (current) {
      current.cancelTimer?.();
      this.byId.delete(current.id);
      current.state = 'failed';
      this.asterisk.emitForTarget('PlaybackFinished', targetUri, { playback: current.snapshot() });
    }
  }

  isPlayingOn(channel: SimChannel): boolean {
    return (this.queues.get(`channel:${channel.id}`)?.length ?? 0) > 0;
  }

  clear(): void {
    for (const playback of this.byId.values()) playback.cancelTimer?.();
    this.byId.clear();
    this.queues.clear();
  }
}
