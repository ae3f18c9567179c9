import { randomUUID } from 'node:crypto';
import type { AriClient } from 'ari-client';
import type { CallOutcome, CallReport, CallRequest, VoiceDialer } from './voice.ts';

export interface AriVoiceOptions {
  /** The dialer's Stasis application (registered on the IVR's ARI connection). */
  app: string;
  /** Where a number is dialled: `PJSIP/{number}@trunk` in production, `Local/{number}@sim` in tests. */
  endpointTemplate: string;
  /** Turns the message into ARI media URIs (speech synthesis lives with the IVR). */
  media(text: string): Promise<string[]>;
  ringTimeoutSeconds?: number;
  /** The standard's 5 minutes (policy's PHONE_CALL_MAX_MS). */
  maxCallMs: number;
  /** After the message, how long the client has to press a key. */
  keyWaitMs?: number;
  confirmKey?: string;
  optOutKey?: string;
  callerId?: string;
  /**
   * Answering-machine detection: the dialplan context (infra/asterisk `[dialer-amd]`) an answered
   * call is sent to; it runs AMD() and comes back with `Stasis(<app>,amd,STATUS,CAUSE)`.
   * Undefined: no detection, the message plays at once.
   */
  amdContext?: string;
}

interface LiveCall {
  answeredAt?: number;
  /** The message started: keys count from here (a key during detection is not an answer). */
  messageStarted?: boolean;
  /** The client put the phone down (a playback cut short then reports `failed`). */
  hangupRequested?: boolean;
  messageDone: boolean;
  outcome?: CallOutcome;
  timers: NodeJS.Timeout[];
  resolve(report: CallReport): void;
}

/** Hangup causes of an unanswered originate: busy (17), no answer (18, 19, 21 rejected). */
function unansweredOutcome(cause: number): CallOutcome {
  if (cause === 17) return 'busy';
  if (cause === 18 || cause === 19 || cause === 21) return 'no_answer';
  return 'failed';
}

/**
 * Informing calls through ARI: originate into the dialer's Stasis app, play the message, ask for
 * the confirm key, hang up at the 5-minute limit at the latest. Events are routed by channel id,
 * so one client serves many calls at once.
 */
export class AriVoiceDialer implements VoiceDialer {
  private readonly calls = new Map<string, LiveCall>();

  constructor(
    private readonly client: AriClient,
    private readonly options: AriVoiceOptions,
  ) {
    // biome-ignore lint/suspicious/noExplicitAny: ari-client events are untyped
    const on = (type: string, handler: (event: any) => void) => client.on(type, handler);
    on('StasisStart', (e) => {
      const channelId: string = e.channel.id;
      const args: string[] = e.args ?? [];
      const work = args[0] === 'amd' ? this.detected(channelId, args[1] ?? '') : this.answered(channelId);
      void work.catch(() => this.hangup(channelId, 'failed'));
    });
    on('ChannelDtmfReceived', (e) => this.key(e.channel.id, e.digit));
    on('ChannelHangupRequest', (e) => this.hangupRequested(e.channel.id));
    on('PlaybackFinished', (e) =>
      this.playbackFinished(String(e.playback.target_uri ?? ''), String(e.playback.state ?? '')),
    );
    on('ChannelDestroyed', (e) => this.ended(e.channel.id, Number(e.cause ?? 0)));
  }

  call(request: CallRequest): Promise<CallReport> {
    const channelId = `dialer-${randomUUID()}`;
    return new Promise<CallReport>((resolve, reject) => {
      this.calls.set(channelId, { messageDone: false, timers: [], resolve });
      this.client.channels
        .originate({
          channelId,
          endpoint: this.options.endpointTemplate.replace('{number}', request.to.replace(/^\+/, '')),
          app: this.options.app,
          appArgs: `dialer,${request.reference}`,
          callerId: this.options.callerId ?? '',
          timeout: this.options.ringTimeoutSeconds ?? 30,
          // DIALER_APP brings the call back from the detection context to this app.
          variables: { DIALER_ATTEMPT: request.reference, DIALER_APP: this.options.app },
        })
        .catch((error: Error) => {
          this.calls.delete(channelId);
          reject(error);
        });
      this.texts.set(channelId, request.text);
    });
  }

  private readonly texts = new Map<string, string>();

  private async answered(channelId: string): Promise<void> {
    const call = this.calls.get(channelId);
    if (!call) return;
    call.answeredAt = Date.now();
    call.timers.push(
      setTimeout(
        () => this.hangup(channelId, call.messageDone ? 'played' : 'hung_up_early'),
        this.options.maxCallMs,
      ),
    );
    if (this.options.amdContext) {
      await this.client.channels.continueInDialplan({
        channelId,
        context: this.options.amdContext,
        extension: 's',
        priority: 1,
      });
      return;
    }
    await this.playMessage(channelId, call);
  }

  /**
   * Back from AMD(): a machine is not informed (a negative attempt, retried as the standard says
   * for any negative call); a person — or a verdict AMD is not sure of — hears the message.
   */
  private async detected(channelId: string, status: string): Promise<void> {
    const call = this.calls.get(channelId);
    if (!call || call.outcome) return;
    if (status === 'MACHINE') return this.hangup(channelId, 'answering_machine');
    await this.playMessage(channelId, call);
  }

  private async playMessage(channelId: string, call: LiveCall): Promise<void> {
    call.messageStarted = true;
    const media = await this.options.media(this.texts.get(channelId) ?? '');
    await this.client.channels.play({ channelId, media, playbackId: `${channelId}-message` });
  }

  private hangupRequested(channelId: string): void {
    const call = this.calls.get(channelId);
    if (call) call.hangupRequested = true;
  }

  /** `done` = the message played to its end; `failed` = cut by a hangup, or no such sound. */
  private playbackFinished(targetUri: string, state: string): void {
    const channelId = targetUri.replace(/^channel:/, '');
    const call = this.calls.get(channelId);
    if (!call || call.outcome || call.hangupRequested) return;
    if (state !== 'done') {
      this.hangup(channelId, 'failed');
      return;
    }
    call.messageDone = true;
    call.timers.push(setTimeout(() => this.hangup(channelId, 'played'), this.options.keyWaitMs ?? 5000));
  }

  private key(channelId: string, digit: string): void {
    if (!this.calls.get(channelId)?.messageStarted) return;
    if (digit === (this.options.confirmKey ?? '1')) this.hangup(channelId, 'confirmed');
    else if (digit === (this.options.optOutKey ?? '0')) this.hangup(channelId, 'opt_out');
  }

  private hangup(channelId: string, outcome: CallOutcome): void {
    const call = this.calls.get(channelId);
    if (!call || call.outcome) return;
    call.outcome = outcome;
    this.client.channels.hangup({ channelId }).catch(() => {});
  }

  private ended(channelId: string, cause: number): void {
    const call = this.calls.get(channelId);
    if (!call) return;
    this.calls.delete(channelId);
    this.texts.delete(channelId);
    for (const timer of call.timers) clearTimeout(timer);
    const outcome =
      call.outcome ??
      (call.answeredAt === undefined
        ? unansweredOutcome(cause)
        : call.messageDone
          ? 'played'
          : 'hung_up_early');
    const talkSeconds = call.answeredAt === undefined ? 0 : Math.ceil((Date.now() - call.answeredAt) / 1000);
    call.resolve({ outcome, talkSeconds });
  }
}
