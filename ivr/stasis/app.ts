import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AriClient } from 'ari-client';
import type { Logger } from '../../core/logging/index.ts';
import type { AriRest } from '../ari/rest.ts';
import type { StepWriter } from '../db/step-writer.ts';
import { callFlow, resumedFlow } from '../flows/call.ts';
import { Dialog, type FlowDeps } from '../flows/dialog.ts';
import type { PromptLibrary } from '../prompts/library.ts';
import {
  CallerHungUp,
  type CallRuntime,
  CallSession,
  channelGone,
  type IvrTimers,
  realTimers,
} from './call.ts';
import { type AriEvent, EventRouter } from './events.ts';
import { CallRecovery, stillWaiting } from './recovery.ts';
import type { CallStateStore } from './state.ts';
import { CallSweep, type SweepResult } from './sweep.ts';

export interface IvrAppOptions {
  client: AriClient;
  rest: AriRest;
  app: string;
  deps: FlowDeps;
  prompts: PromptLibrary;
  state: CallStateStore;
  /** Where every call's `ivr.*` steps go (batched across calls). */
  steps: StepWriter;
  logger: Logger;
  timers?: IvrTimers;
  speech?: CallRuntime['speech'];
  /** RecordingFinished of the whole-call recordings (recordings/stasis/recording-finished.ts). */
  onRecordingFinished?: (event: AriEvent) => Promise<unknown>;
  /** How often leases are renewed and orphaned calls looked for (default: a third of the lease). */
  sweepMs?: number;
  /** How often Asterisk's channels are listed for callers no process saved (default 30 s). */
  strayScanMs?: number;
  /** A caller in Stasis this long (Asterisk's time) and saved nowhere is adopted (default 5 s). */
  strayGraceMs?: number;
}

/** Thrown into a call's start when another process adopted the channel first: nothing to do. */
class CallServedElsewhere extends Error {}

interface LiveCall {
  dialog: Dialog;
  done: Promise<void>;
}

/**
 * The Stasis application: each caller entering `Stasis(<app>,inbound)` gets an interaction, a
 * session and the call flow. Operator legs (`agent`) and snoop channels (`snoop`) enter the same
 * application and are routed to the verbs waiting for them. Call state lives in Redis, so after a
 * restart or a long ARI outage `reattach()` picks up callers still in Stasis.
 */
export class IvrApp {
  readonly router = new EventRouter();
  readonly observer = new EventEmitter();
  readonly calls = new Map<string, LiveCall>();
  private readonly runtime: CallRuntime;
  private readonly listener = (event: AriEvent) => this.onEvent(event);
  private leaseTimer: NodeJS.Timeout | undefined;
  private readonly recovery: CallRecovery;
  private readonly sweeper: CallSweep;
  /** The event WebSocket is up: a caller re-attached now would be heard. */
  private online = false;
  private sweeping: Promise<SweepResult> | undefined;

  constructor(private readonly options: IvrAppOptions) {
    this.runtime = {
      client: options.client,
      rest: options.rest,
      router: this.router,
      timers: options.timers ?? realTimers,
      prompts: options.prompts,
      logger: options.logger,
      observer: this.observer,
      app: options.app,
      speech: options.speech,
    };
    this.observer.setMaxListeners(0);
    this.recovery = new CallRecovery({
      rest: options.rest,
      acd: options.deps.acd,
      interactions: options.deps.interactions,
      steps: options.steps,
      clock: options.deps.clock,
      logger: options.logger,
      onRecordingFinished: options.onRecordingFinished,
    });
    this.sweeper = new CallSweep({
      app: options.app,
      rest: options.rest,
      state: options.state,
      recovery: this.recovery,
      interactions: options.deps.interactions,
      clock: options.deps.clock,
      timers: this.runtime.timers,
      logger: options.logger,
      live: this.calls,
      serve: (channelId, saved, how) =>
        this.run(channelId, saved.interactionId, saved.callerNumber, Promise.resolve(), async (dialog) => {
          dialog.session.step(how === 'resumed' ? 'reattached' : 'adopted');
          await (how === 'resumed' ? resumedFlow(dialog) : callFlow(dialog));
        }),
      settled: (channelId, interactionId, settled) =>
        this.observer.emit('settled', { channelId, interactionId, settled }),
      strayGraceMs: options.strayGraceMs ?? 5_000,
      strayScanMs: options.strayScanMs ?? 30_000,
    });
  }

  /**
   * Subscribes to the client's events (call before `client.start`) and starts the lease keeper:
   * this process's calls stay its own, and calls a dead process left are taken over (re-attached
   * or settled) once its leases lapse — not only when this process (re)connects.
   */
  attach(): void {
    this.options.client.on('*', this.listener);
    const { state, logger } = this.options;
    this.leaseTimer = setInterval(
      () => {
        state
          .renew([...this.calls.keys()])
          .then(() => (this.online ? this.sweep() : undefined))
          .catch((error) => logger.warn({ err: error }, 'call lease renewal or orphan sweep failed'));
      },
      this.options.sweepMs ?? Math.floor(state.leaseMs / 3),
    );
    this.leaseTimer.unref();
  }

  /** Stops taking calls; live sessions end when their callers go. */
  detach(): void {
    this.options.client.removeListener('*', this.listener);
    clearInterval(this.leaseTimer);
    this.online = false;
  }

  /** The event WebSocket dropped: no orphan is re-attached until `recover()` after reconnecting. */
  connectionLost(): void {
    this.online = false;
  }

  /** Resolves when every live call's flow has ended. */
  async drain(): Promise<void> {
    await Promise.all([...this.calls.values()].map((call) => call.done));
  }

  private onEvent(event: AriEvent): void {
    this.router.route(event);
    if (event.type === 'StasisStart') {
      const role = event.args?.[0];
      if (role === 'agent' || role === 'snoop') return;
      if (String(event.channel.name).startsWith('UnicastRTP/')) return; // our speech media leg
      if (this.calls.has(event.channel.id)) return;
      this.startCall(event.channel.id, String(event.channel.caller?.number ?? ''));
    } else if (event.type === 'RecordingFinished' && String(event.recording?.name).startsWith('call-')) {
      this.options
        .onRecordingFinished?.(event)
        .catch((error) => this.options.logger.error({ err: error }, 'whole-call recording not ingested'));
    }
  }

  private startCall(channelId: string, callerNumber: string): void {
    const { deps, state } = this.options;
    const interactionId = randomUUID();
    // The state first: a process that dies before its open is written leaves a call the sweep
    // finds (and opens the row of), never one nobody knows.
    const opened = state
      .save(channelId, { interactionId, callerNumber, startedAtMs: deps.clock.nowMs() })
      .then((saved) => {
        if (!saved) throw new CallServedElsewhere();
        return deps.interactions.open({
          id: interactionId,
          channel: 'phone',
          externalId: channelId,
          contact: callerNumber || null,
        });
      });
    this.run(channelId, interactionId, callerNumber, opened, callFlow);
  }

  private run(
    channelId: string,
    interactionId: string,
    callerNumber: string,
    ready: Promise<unknown>,
    flow: (dialog: Dialog) => Promise<void>,
  ): void {
    const { deps, steps } = this.options;
    // Steps are queued in the order they were taken, once the interaction row exists; each
    // resolves when its batch is stored (StepWriter writes batches in order).
    let queued: Promise<unknown> = ready;
    const append = (kind: string, data: Record<string, unknown>): Promise<void> => {
      const at = deps.clock.now();
      let written: Promise<void> | undefined;
      queued = queued.then(() => {
        written = steps.append(interactionId, `ivr.${kind}`, data, at);
      });
      return queued.then(() => written);
    };
    const session = new CallSession(this.runtime, channelId, interactionId, callerNumber, append);
    const dialog = new Dialog(session, deps);
    const done = ready
      .then(() => flow(dialog))
      .then(
        () => this.finish(dialog),
        (error) => this.finish(dialog, error),
      );
    this.calls.set(channelId, { dialog, done });
  }

  private async finish(dialog: Dialog, error?: unknown): Promise<void> {
    const { session } = dialog;
    const { deps, logger, state } = this.options;
    if (error instanceof CallServedElsewhere) {
      // Another process adopted the channel before this one saved it: that process serves it.
      this.calls.delete(session.channelId);
      session.markGone();
      return;
    }
    try {
      if (error && !(error instanceof CallerHungUp) && !channelGone(error)) {
        dialog.outcome = 'failed';
        logger.error({ err: error, interactionId: session.interactionId }, 'call flow failed');
        if (!session.hungUp) {
          await session.say('technicalProblem').catch(() => undefined);
          await this.options.rest.hangup(session.channelId).catch(() => undefined);
        }
      }
      session.step('ended', { outcome: dialog.outcome, by: session.hungUp ? 'caller' : 'ivr' });
      await session.flushSteps();
      if (dialog.inQueue) await deps.acd.cancel(session.interactionId).catch(() => undefined);
      else {
        // Re-attached, the call can end before its flow learns it waits in the queue (the caller
        // hangs up during the "resumed" prompt): the ACD must not go on offering a gone caller.
        const held = await deps.acd.interaction(session.interactionId).catch(() => undefined);
        if (stillWaiting(held)) await deps.acd.cancel(session.interactionId).catch(() => undefined);
      }
      // Once enqueued the ACD owns the stages (its outbox writer moves the row); the robot closes
      // only what it served alone (through the journal while PostgreSQL is down).
      const acdOwned = dialog.outcome === 'transferred' || dialog.outcome === 'callback_requested';
      if (!acdOwned) await deps.interactions.closeSelfServed(session.interactionId, dialog.outcome);
    } catch (finishError) {
      logger.error({ err: finishError, interactionId: session.interactionId }, 'call not closed cleanly');
    } finally {
      session.markGone();
      this.calls.delete(session.channelId);
      await state.remove(session.channelId).catch(() => undefined);
      // Not listening (event WebSocket down, or detached): its RecordingFinished reaches nobody.
      if (!this.online) {
        await this.recovery
          .ingestLeftRecording(session.interactionId)
          .catch((error) => logger.error({ err: error }, 'whole-call recording not ingested'));
      }
      this.observer.emit('ended', {
        channelId: session.channelId,
        interactionId: session.interactionId,
        outcome: dialog.outcome,
      });
    }
  }

  /**
   * After (re)connecting: settle what this process's calls missed during the outage (a caller
   * gone unseen ends as after a hangup, and its recording, whose RecordingFinished was lost, is
   * ingested), then take over the orphans. Returns how many calls were re-attached.
   */
  async recover(): Promise<number> {
    this.online = true;
    const { logger } = this.options;
    await Promise.all(
      [...this.calls.values()].map(async ({ dialog, done }) => {
        if (!(await dialog.session.resync())) return;
        await done;
        await this.recovery
          .ingestLeftRecording(dialog.session.interactionId)
          .catch((error) => logger.error({ err: error }, 'whole-call recording not ingested'));
      }),
    );
    return this.reattach();
  }

  /** Takes over the orphaned calls (see `sweep`); returns how many callers were re-attached. */
  async reattach(): Promise<number> {
    return (await this.sweep({ scanStrays: true })).reattached;
  }

  /**
   * Calls that no live process serves, each given to one process (see CallSweep): orphans found
   * in Redis (their owner died or restarted) are re-attached or, the caller gone, settled; callers
   * in Stasis saved nowhere (their process died at StasisStart) are adopted. Asterisk's channel
   * list is read every `strayScanMs`, or now with `scanStrays`. One sweep at a time per process.
   */
  sweep(options: { scanStrays?: boolean } = {}): Promise<SweepResult> {
    this.sweeping ??= this.sweeper.run(options).finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }
}
