import type { SimulatedAsterisk } from './asterisk.ts';
import type { SimChannel } from './channel.ts';
import type { CancelTimer } from './clock.ts';

/** One dialplan priority: `{app: 'Playback', data: 'agent-connected'}`. */
export interface DialplanStep {
  app: string;
  data?: string;
}

/** What the dialplan applications do to channels; the Local channel module implements it. */
export interface DialplanActions {
  answer(channel: SimChannel): void;
  ringing(channel: SimChannel): void;
  /** Plays DTMF toward the other side; returns how long it takes. */
  sendDtmf(channel: SimChannel, digits: string, gapMs: number, durationMs: number): number;
  hangup(channel: SimChannel, cause: number): void;
  enterStasis(channel: SimChannel, app: string, args: string[]): void;
  /** Whether the channel already exchanges media (bridged with someone, or hearing a prompt). */
  hasMedia(channel: SimChannel): boolean;
  soundLengthMs(name: string): number | undefined;
}

/** Asterisk's Answer() waits up to 500 ms for the first media frame before moving on. */
const ANSWER_MEDIA_WAIT_MS = 500;
/** Observed lag between media starting and the next priority running (ivr-basic-call: 17 ms). */
const MEDIA_SETTLE_MS = 17;

interface Run {
  cancel: CancelTimer | undefined;
  /** Set while Answer() waits for media; calling it moves on. */
  mediaArrived: (() => void) | undefined;
  /** Work that shows up in the event stream right after the next ChannelDialplan. */
  deferred: (() => void)[];
}

/**
 * A tiny dialplan: contexts → extensions → priorities. It runs the `;2` halves of Local channels
 * (the far end of an originate: `sim/agent` answers, `sim/agent-noanswer` only rings) and channels
 * sent back with continueInDialplan. Channels that nobody subscribed to run silently, like in
 * Asterisk, because events are routed by subscription.
 */
export class Dialplan {
  private readonly contexts = new Map<string, Map<string, DialplanStep[]>>();
  private readonly runs = new Map<string, Run>();
  actions: DialplanActions | undefined;

  constructor(private readonly asterisk: SimulatedAsterisk) {
    asterisk.hooks.push({
      beforeStasisEnd: (channel) => this.stop(channel),
      mediaStarted: (channel) => {
        const peer = channel.localPeer;
        const run = peer ? this.runs.get(peer.id) : undefined;
        run?.mediaArrived?.();
      },
    });
  }

  define(context: string, exten: string, steps: DialplanStep[]): void {
    let extensions = this.contexts.get(context);
    if (!extensions) {
      extensions = new Map();
      this.contexts.set(context, extensions);
    }
    extensions.set(exten, steps);
  }

  has(context: string, exten: string): boolean {
    return this.contexts.get(context)?.has(exten) ?? false;
  }

  /** Starts (or resumes) the channel at context/exten/priority. */
  run(channel: SimChannel, context: string, exten: string, priority: number): void {
    this.stop(channel);
    const run: Run = { cancel: undefined, mediaArrived: undefined, deferred: [] };
    this.runs.set(channel.id, run);
    this.step(channel, run, context, exten, priority);
  }

  /** Defers `work` until just after the channel's next ChannelDialplan event. */
  deferToNextStep(channel: SimChannel, work: () => void): void {
    const run = this.runs.get(channel.id);
    if (run) run.deferred.push(work);
    else work();
  }

  /** Runs `work` now, unless the channel sits in Answer() waiting for media (then defers it). */
  whenSettled(channel: SimChannel, work: () => void): void {
    const run = this.runs.get(channel.id);
    if (run?.mediaArrived) run.deferred.push(work);
    else work();
  }

  stop(channel: SimChannel): void {
    const run = this.runs.get(channel.id);
    if (!run) return;
    run.cancel?.();
    this.runs.delete(channel.id);
  }

  clear(): void {
    for (const run of this.runs.values()) run.cancel?.();
    this.runs.clear();
  }

  /** `${NAME}` in application data becomes the channel variable's value (empty when unset). */
  private substitute(channel: SimChannel, data: string): string {
    return data.replace(
      /\$\{([A-Za-z0-9_]+)\}/g,
      (_whole, name: string) => this.asterisk.getVariable(channel, name) ?? '',
    );
  }

  /**
   * What AMD() would hear: the simulated far end says so with `SIM_AMD` on its own channel
   * (`Set(SIM_AMD=HUMAN)` in its dialplan: HUMAN — a person's «Алло», MACHINE, SILENCE —
   * silence frames, NOTSURE). Without it the double has no audio to give, like a real Local far
   * end that only Answer()s and Wait()s: it sends no frames, and real AMD() gives up after the
   * whole analysis time with NOTSURE, TOOLONG-<ms>.
   */
  private farEndSounds(channel: SimChannel): string {
    const peer = channel.localPeer;
    return (peer ? this.asterisk.getVariable(peer, 'SIM_AMD') : undefined) ?? 'NOTSURE';
  }

  private step(channel: SimChannel, run: Run, context: string, exten: string, priority: number): void {
    if (this.runs.get(channel.id) !== run || channel.hungUp) return;
    const actions = this.actions;
    const step = this.contexts.get(context)?.get(exten)?.[priority - 1];
    if (!actions) return;
    if (!step) {
      // Falling off the end of an extension hangs the channel up, like Hangup().
      this.runs.delete(channel.id);
      actions.hangup(channel, 16);
      return;
    }
    const data = this.substitute(channel, step.data ?? '');
    channel.dialplan = { context, exten, priority, app_name: step.app, app_data: data };
    this.asterisk.emitForChannel('ChannelDialplan', channel, {
      dialplan_app: step.app,
      dialplan_app_data: data,
    });
    const deferred = run.deferred.splice(0);
    for (const work of deferred) work();
    const next = (delayMs: number) => {
      const go = () => this.step(channel, run, context, exten, priority + 1);
      if (delayMs <= 0) go();
      else run.cancel = this.asterisk.clock.setTimer(delayMs, go);
    };
    const args = data.split(',');
    switch (step.app) {
      case 'Answer': {
        actions.answer(channel);
        const moveOn = () => {
          if (!run.mediaArrived) return;
          run.mediaArrived = undefined;
          run.cancel?.();
          run.cancel = this.asterisk.clock.setTimer(MEDIA_SETTLE_MS, () => next(0));
        };
        if (channel.localPeer && !actions.hasMedia(channel.localPeer)) {
          run.mediaArrived = moveOn;
          run.cancel = this.asterisk.clock.setTimer(ANSWER_MEDIA_WAIT_MS, () => {
            run.mediaArrived = undefined;
            next(0);
          });
        } else next(MEDIA_SETTLE_MS);
        return;
      }
      case 'Ringing':
        actions.ringing(channel);
        next(0);
        return;
      case 'Wait':
        next(Number(args[0] ?? 0) * 1000);
        return;
      case 'Playback': {
        const lengthMs = actions.soundLengthMs(args[0] ?? '');
        run.cancel = this.asterisk.clock.setTimer(lengthMs ?? 0, () => {
          this.asterisk.setVariable(channel, 'PLAYBACKSTATUS', lengthMs === undefined ? 'FAILED' : 'SUCCESS');
          next(0);
        });
        return;
      }
      case 'Set': {
        const equals = data.indexOf('=');
        if (equals > 0) this.asterisk.setVariable(channel, data.slice(0, equals), data.slice(equals + 1));
        next(0);
        return;
      }
      case 'SendDTMF':
        next(actions.sendDtmf(channel, args[0] ?? '', Number(args[1] || 250), Number(args[2] || 100)));
        return;
      case 'Hangup':
        this.runs.delete(channel.id);
        actions.hangup(channel, Number(args[0] || 16));
        return;
      case 'AMD': {
        const verdict = amdVerdict(this.farEndSounds(channel), args);
        run.cancel = this.asterisk.clock.setTimer(verdict.afterMs, () => {
          this.asterisk.setVariable(channel, 'AMDSTATUS', verdict.status);
          this.asterisk.setVariable(channel, 'AMDCAUSE', verdict.cause);
          next(0);
        });
        return;
      }
      case 'Stasis':
        this.runs.delete(channel.id);
        actions.enterStasis(channel, args[0] ?? '', args.slice(1));
        return;
      default:
        next(0);
        return;
    }
  }
}

/**
 * Asterisk's AMD([initialSilence],[greeting],[afterGreetingSilence],[totalAnalysisTime]) verdict
 * for a far end that sounds like `heard`, with its AMDSTATUS/AMDCAUSE and when it comes: a
 * person says a short «Алло» (~600 ms) and waits (`afterGreetingSilence`); a machine's greeting
 * runs past `greeting`; silence on the line is a machine once `initialSilence` runs out (real
 * 22.10.1: `INITIALSILENCE-2500-2500`); NOTSURE runs the whole analysis time. Defaults as in amd.conf.
 */
export function amdVerdict(
  heard: string,
  args: readonly string[],
): { status: string; cause: string; afterMs: number } {
  const setting = (index: number, fallback: number) => {
    const value = Number(args[index]);
    return args[index] && Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const initialSilence = setting(0, 2500);
  const greeting = setting(1, 1500);
  const afterGreetingSilence = setting(2, 800);
  const totalAnalysisTime = setting(3, 5000);
  switch (heard.toUpperCase()) {
    case 'MACHINE':
      return { status: 'MACHINE', cause: `LONGGREETING-${greeting}-${greeting}`, afterMs: greeting };
    case 'SILENCE':
      return {
        status: 'MACHINE',
        cause: `INITIALSILENCE-${initialSilence}-${initialSilence}`,
        afterMs: initialSilence,
      };
    case 'NOTSURE':
      return { status: 'NOTSURE', cause: `TOOLONG-${totalAnalysisTime}`, afterMs: totalAnalysisTime };
    default:
      return {
        status: 'HUMAN',
        cause: `HUMAN-${afterGreetingSilence}-${afterGreetingSilence}`,
        afterMs: 600 + afterGreetingSilence,
      };
  }
}

/** The far ends used by the reference traces (`sim` context of ../shared/ari/README.md). */
export function defineReferenceDialplan(dialplan: Dialplan): void {
  dialplan.define('sim', 'agent', [
    { app: 'Answer' },
    { app: 'Playback', data: 'agent-connected' },
    { app: 'Wait', data: '120' },
  ]);
  dialplan.define('sim', 'agent-noanswer', [{ app: 'Ringing' }, { app: 'Wait', data: '120' }]);
}
