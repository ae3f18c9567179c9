import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { AriClient } from 'ari-client';
import type { Logger } from '../../core/logging/index.ts';
import type { RecognitionServiceClient } from '../../proto/gen/hotline/speech/v1/speech.ts';
import type { AriRest } from '../ari/rest.ts';
import type { PromptLibrary } from '../prompts/library.ts';
import { PROMPT_LANGUAGE } from '../prompts/library.ts';
import { promptText } from '../prompts/ru.ts';
import { SpeechInput, type Utterance } from '../speech/recognition.ts';
import { type CallerInput, CallerInputQueue } from './caller-input.ts';
import { CallerHungUp, channelGone } from './errors.ts';
import type { AriEvent, EventRouter } from './events.ts';

export type { CallerInput } from './caller-input.ts';
export { CallerHungUp, channelGone } from './errors.ts';

/** Schedules on the same time base as Asterisk (tests pass the ARI double's accelerated clock). */
export interface IvrTimers {
  nowMs(): number;
  setTimer(delayMs: number, fire: () => void): () => void;
}

export const realTimers: IvrTimers = {
  nowMs: () => Date.now(),
  setTimer(delayMs, fire) {
    const handle = setTimeout(fire, Math.max(0, delayMs));
    return () => clearTimeout(handle);
  },
};

export interface CallRuntime {
  client: AriClient;
  /** The commands every call issues, without ari-client's Swagger layer (hot path). */
  rest: AriRest;
  router: EventRouter;
  timers: IvrTimers;
  prompts: PromptLibrary;
  logger: Logger;
  /** What the robot said and did, for the simulator and tests ('said', 'listening', 'step'). */
  observer: EventEmitter;
  app: string;
  /** Speech input (externalMedia → recognition); without it questions take DTMF only. */
  speech?: { recognizer: RecognitionServiceClient; rtpHost: string };
}

/**
 * One caller's channel in Stasis and what the flows need of it: prompts, DTMF with barge-in,
 * MOH, hangup. DTMF is buffered (type-ahead); a key pressed during an interruptible prompt stops
 * it at once (Asterisk does not). When the caller hangs up every wait rejects with CallerHungUp.
 */
export class CallSession {
  readonly signal: AbortSignal;
  private readonly aborter = new AbortController();
  private readonly input: CallerInputQueue;
  private interruptible: string | undefined;
  private playing: { id: string; done: (state: string) => void } | undefined;
  private speechInput: Promise<SpeechInput> | undefined;
  private readonly unlisten: () => void;
  private steps: Promise<void> = Promise.resolve();
  private readonly resyncListeners = new Set<() => Promise<void> | void>();

  constructor(
    readonly runtime: CallRuntime,
    readonly channelId: string,
    readonly interactionId: string,
    readonly callerNumber: string,
    /** Appends an `ivr.*` event to the interaction record (ordered, never blocks the call). */
    private readonly appendEvent: (kind: string, data: Record<string, unknown>) => Promise<void>,
  ) {
    this.signal = this.aborter.signal;
    this.input = new CallerInputQueue(runtime.timers, this.signal);
    this.unlisten = runtime.router.listen(`channel:${channelId}`, (event) => this.onChannelEvent(event));
  }

  get hungUp(): boolean {
    return this.signal.aborted;
  }

  private onChannelEvent(event: AriEvent): void {
    switch (event.type) {
      case 'ChannelDtmfReceived':
        this.interruptNow();
        this.input.pushDigit(String(event.digit));
        return;
      case 'ChannelHangupRequest':
      case 'StasisEnd':
      case 'ChannelDestroyed':
        this.markGone();
        return;
    }
  }

  /** Barge-in: the caller pressed a key or started speaking; the prompt stops now. */
  private interruptNow(): void {
    if (!this.interruptible) return;
    const playbackId = this.interruptible;
    this.interruptible = undefined;
    this.runtime.rest.stopPlayback(playbackId).catch(() => undefined);
  }

  /**
   * Starts listening for one utterance, if speech input is configured: the first words stop the
   * prompt (barge-in), the final transcript is delivered through `nextInput`.
   */
  async listenSpeech(): Promise<Utterance | undefined> {
    const speech = this.runtime.speech;
    if (!speech) return undefined;
    this.speechInput ??= SpeechInput.open({
      client: this.runtime.client,
      recognizer: speech.recognizer,
      app: this.runtime.app,
      channelId: this.channelId,
      rtpHost: speech.rtpHost,
    });
    this.speechInput.catch(() => undefined);
    let input: SpeechInput;
    try {
      input = await this.speechInput;
    } catch (error) {
      this.speechInput = undefined;
      this.assertLive();
      this.runtime.logger.warn({ err: error }, 'speech input unavailable; DTMF only');
      return undefined;
    }
    const utterance = input.listen(() => this.interruptNow());
    utterance.final.then((text) => {
      if (!text) return;
      this.input.pushUtterance(text);
    });
    return utterance;
  }

  /** Leaves the speech bridge (before the operator bridge, and at the end of the call). */
  async closeSpeech(): Promise<void> {
    const pending = this.speechInput;
    this.speechInput = undefined;
    if (pending) await (await pending.catch(() => undefined))?.close();
  }

  /** The next key or utterance, or undefined after `timeoutMs` without either. */
  nextInput(timeoutMs: number): Promise<CallerInput | undefined> {
    this.assertLive();
    return this.input.next(timeoutMs, 'any');
  }

  /** The caller left (or the IVR lost the channel): stop listening, release every wait. */
  markGone(): void {
    if (this.signal.aborted) return;
    void this.closeSpeech();
    this.unlisten();
    this.aborter.abort(new CallerHungUp());
    this.input.wake();
  }

  assertLive(): void {
    if (this.signal.aborted) throw new CallerHungUp();
  }

  /** Resolves when the caller is gone (at once if already): what a verb waiting on another channel races. */
  gone(): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal.aborted) resolve();
      else this.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** Records a step in the interaction (kind `ivr.<kind>`), keeping order, without waiting. */
  step(kind: string, data: Record<string, unknown> = {}): void {
    this.runtime.observer.emit('step', { channelId: this.channelId, kind, data });
    // appendEvent keeps the order; the last step stored means every earlier one is too.
    this.steps = this.appendEvent(kind, data).catch((error) =>
      this.runtime.logger.warn({ err: error, kind }, 'interaction event not stored'),
    );
  }

  /** Resolves when every recorded step reached PostgreSQL. */
  flushSteps(): Promise<void> {
    return this.steps;
  }

  /**
   * Plays one text (prompt id or dynamic text) to the end. With `interruptible`, a key already
   * buffered skips it and a key pressed during it stops it. Returns how it ended.
   */
  async say(
    idOrText: string,
    options: { interruptible?: boolean; label?: string; voice?: boolean } = {},
  ): Promise<'done' | 'interrupted'> {
    this.assertLive();
    if (options.interruptible && this.input.pending) return 'interrupted';
    const text = promptText(idOrText, options.voice);
    const media = await this.runtime.prompts.media(text);
    this.runtime.observer.emit('said', { channelId: this.channelId, text, label: options.label ?? idOrText });
    const state = await this.play([media], options.interruptible ?? false);
    return state === 'stopped' ? 'interrupted' : 'done';
  }

  /** Plays media and waits for PlaybackFinished (or the caller's hangup). */
  async play(media: string[], interruptible = false): Promise<'done' | 'failed' | 'stopped'> {
    this.assertLive();
    const playbackId = randomUUID();
    const finished = new Promise<string>((resolve, reject) => {
      const done = (state: string) => {
        stop();
        this.signal.removeEventListener('abort', onAbort);
        if (this.playing?.id === playbackId) this.playing = undefined;
        resolve(state);
      };
      const stop = this.runtime.router.listen(`playback:${playbackId}`, (event) => {
        if (event.type === 'PlaybackFinished') done(String(event.playback.state));
      });
      this.playing = { id: playbackId, done };
      const onAbort = () => {
        stop();
        reject(new CallerHungUp());
      };
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
    finished.catch(() => undefined); // the hangup may come while the play request is in flight
    if (interruptible) this.interruptible = playbackId;
    try {
      await this.runtime.rest.play(this.channelId, playbackId, media, PROMPT_LANGUAGE);
    } catch (error) {
      this.assertLive();
      if (channelGone(error)) {
        // The hangup raced our request: its events are on their way; end the flow now.
        this.markGone();
        throw new CallerHungUp();
      }
      throw error;
    }
    const state = await finished;
    const stopped = interruptible && this.interruptible !== playbackId;
    if (this.interruptible === playbackId) this.interruptible = undefined;
    if (stopped) return 'stopped';
    return state === 'failed' ? 'failed' : 'done';
  }

  /**
   * After the event WebSocket was down, events may be lost: a finished playback whose
   * PlaybackFinished never came is finished now, and a channel that is gone ends the session.
   * Returns true when the caller turns out to have left unseen.
   */
  async resync(): Promise<boolean> {
    const { client } = this.runtime;
    if (this.hungUp) return false;
    try {
      await client.channels.get({ channelId: this.channelId });
    } catch {
      this.markGone();
      return true;
    }
    // Verbs following another channel (the operator's leg being rung, or in the bridge) look too.
    await Promise.all(
      [...this.resyncListeners].map((listener) => Promise.resolve(listener()).catch(() => {})),
    );
    const playing = this.playing;
    if (!playing) return false;
    try {
      await client.playbacks.get({ playbackId: playing.id });
    } catch {
      playing.done('done');
    }
    return false;
  }

  /** Called on `resync` (events may have been lost); returns the unsubscribe. */
  onResync(listener: () => Promise<void> | void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** Takes every key pressed so far (type-ahead). */
  takeDigits(): string[] {
    return this.input.takeDigits();
  }

  /** The next key, or undefined after `timeoutMs` without one. */
  async nextDigit(timeoutMs: number): Promise<string | undefined> {
    this.assertLive();
    const input = await this.input.next(timeoutMs, 'digits');
    return input?.kind === 'digit' ? input.digit : undefined;
  }

  /** Waits `ms` of call time, or less if the caller hangs up (then throws). */
  pause(ms: number): Promise<void> {
    this.assertLive();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        cancel();
        reject(new CallerHungUp());
      };
      const cancel = this.runtime.timers.setTimer(ms, () => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      });
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async startMoh(): Promise<void> {
    await this.runtime.rest.startMoh(this.channelId).catch(() => this.assertLive());
  }

  async stopMoh(): Promise<void> {
    await this.runtime.rest.stopMoh(this.channelId).catch(() => this.assertLive());
  }
}
