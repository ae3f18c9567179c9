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
import type { CallStateStore } from './state.ts';

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
}

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
  }

  /** Subscribes to the client's events (call before `client.start`). */
  attach(): void {
    this.options.client.on('*', this.listener);
    this.leaseTimer = setInterval(() => {
      this.options.state.renew([...this.calls.keys()]).catch(() => undefined);
    }, 10_000);
    this.leaseTimer.unref();
  }

  /** Stops taking calls; live sessions end when their callers go. */
  detach(): void {
    this.options.client.removeListener('*', this.listener);
    clearInterval(this.leaseTimer);
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
    const opened = deps.interactions
      .open({ id: interactionId, channel: 'phone', externalId: channelId, contact: callerNumber || null })
      .then(() => state.save(channelId, { interactionId, callerNumber, startedAtMs: deps.clock.nowMs() }));
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
      const current = await deps.interactions.get(session.interactionId).catch(() => undefined);
      // Once enqueued the ACD owns the stages (its outbox writer moves the row); the robot closes
      // only what it served alone.
      const acdOwned = dialog.outcome === 'transferred' || dialog.outcome === 'callback_requested';
      if (current?.state === 'self_service' && !acdOwned) {
        await deps.interactions.close(session.interactionId, { outcome: dialog.outcome });
      }
    } catch (finishError) {
      logger.error({ err: finishError, interactionId: session.interactionId }, 'call not closed cleanly');
    } finally {
      session.markGone();
      this.calls.delete(session.channelId);
      await state.remove(session.channelId).catch(() => undefined);
      this.observer.emit('ended', {
        channelId: session.channelId,
        interactionId: session.interactionId,
        outcome: dialog.outcome,
      });
    }
  }

  /** After an ARI event outage: settle what this process's calls missed, then adopt orphans. */
  async recover(): Promise<number> {
    await Promise.all([...this.calls.values()].map((call) => call.dialog.session.resync()));
    return this.reattach();
  }

  /**
   * Picks up callers still in Stasis that no live process serves (after an IVR restart or a long
   * ARI outage): their state is in Redis, one process claims each, the caller hears an apology
   * and the main menu. Returns how many calls were re-attached.
   */
  async reattach(): Promise<number> {
    const { client } = this.options;
    const channels = (await client.channels.list()) as Array<{ id: string }>;
    let attached = 0;
    for (const channel of channels) {
      if (this.calls.has(channel.id)) continue;
      const saved = await this.options.state.load(channel.id);
      if (!saved || !(await this.options.state.claim(channel.id))) continue;
      this.run(channel.id, saved.interactionId, saved.callerNumber, Promise.resolve(), async (dialog) => {
        dialog.session.step('reattached');
        await resumedFlow(dialog);
      });
      attached += 1;
    }
    return attached;
  }
}
