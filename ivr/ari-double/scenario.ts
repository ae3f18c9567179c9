import type { SimChannel } from './channel.ts';
import type { AriCore } from './core.ts';

export interface InboundCallOptions {
  /** Caller's number as the IVR sees it (CALLERID(num)). */
  callerNumber?: string;
  callerName?: string;
  /** Stasis arguments: `Stasis(<app>,<args…>)` → StasisStart.args. */
  dialplanArgs?: string[];
  /** Application to enter; defaults to the double's `app` option. */
  app?: string;
  /** Local target of the far end, `caller@sim` as in the traces. */
  localTarget?: string;
  /** Where the `;1` half's dialplan sits when it runs Stasis() (`ivr,s,4` in the traces). */
  context?: string;
  exten?: string;
  priority?: number;
  /** The far end sends no audio frames for this long (recordings only count audio after it). */
  silentForMs?: number;
}

/**
 * One scripted caller: a Local channel pair whose `;1` half is in Stasis (what the IVR controls)
 * and whose `;2` half is the human, driven by these methods.
 */
export class InboundCall {
  /** Resolves when the IVR-side channel is destroyed, whoever hung up. */
  readonly ended: Promise<void>;
  private markEnded: () => void = () => {};

  constructor(
    private readonly core: AriCore,
    readonly channel: SimChannel,
    readonly farEnd: SimChannel,
  ) {
    this.ended = new Promise((resolve) => {
      this.markEnded = resolve;
    });
    core.asterisk.onDestroyed(channel.id, () => this.markEnded());
  }

  /** The channel id the application sees. */
  get channelId(): string {
    return this.channel.id;
  }

  get isActive(): boolean {
    return !this.channel.hungUp;
  }

  /**
   * Presses keys like `SendDTMF(digits,gap,duration)` on the far end: one ChannelDtmfReceived per
   * digit when it ends, starting `afterMs` from now on the double's clock. Resolves after the last
   * digit.
   */
  sendDtmf(
    digits: string,
    options: { gapMs?: number; durationMs?: number; afterMs?: number } = {},
  ): Promise<void> {
    if (!/^[0-9A-D*#]+$/i.test(digits)) throw new Error(`not DTMF digits: ${digits}`);
    const clock = this.core.options.clock;
    return new Promise((resolve) => {
      clock.setTimer(options.afterMs ?? 0, () => {
        if (this.farEnd.hungUp) return resolve();
        const gapMs = options.gapMs ?? 250;
        const totalMs = this.core.calls.sendDtmf(this.farEnd, digits, gapMs, options.durationMs ?? 120);
        clock.setTimer(totalMs, resolve);
      });
    });
  }

  /** The caller hangs up; the IVR sees ChannelHangupRequest with this Q.850 cause (no `soft`). */
  hangup(cause = 16): void {
    if (!this.farEnd.hungUp) this.core.calls.farEndHangup(this.farEnd, cause);
  }

  /** The caller sends no audio frames for the next `ms` (recordings count only audio received). */
  staySilent(ms: number): void {
    this.channel.framesFromMs = this.core.options.clock.nowMs() + ms;
  }

  /** µ-law 8 kHz audio the caller says; it flows out through an externalMedia channel in the same bridge. */
  say(ulaw: Buffer): void {
    this.farEnd.farEndAudio.push(Buffer.from(ulaw));
  }

  /** µ-law audio the caller heard from an externalMedia stream (the IVR's synthesized speech). */
  heardAudio(): Buffer {
    return Buffer.concat(this.channel.heardAudio);
  }

  /** DTMF the IVR sent toward the caller with `channels.sendDTMF`. */
  dtmfFromIvr(): string[] {
    return [...this.channel.sentDtmf];
  }
}

/** Builds the Local pair and sends the `;1` half into Stasis, as `channel originate Local/caller@sim` did. */
export function placeInboundCall(core: AriCore, app: string, options: InboundCallOptions): InboundCall {
  const application = core.asterisk.apps.get(app);
  if (!application) {
    throw new Error(`Stasis application '${app}' is not registered (no WebSocket connected for it)`);
  }
  // res_stasis keeps an application whose WebSocket closed while it still controls channels, but
  // Stasis() refuses new ones ("not active", STASISSTATUS=FAILED) until a WebSocket is back.
  if (application.sinks.size === 0) {
    throw new Error(`Stasis application '${app}' is not active (its WebSocket is gone)`);
  }
  const { first, second } = core.calls.createLocalPair(options.localTarget ?? 'caller@sim', 'dialplan', {
    caller: { name: options.callerName ?? '', number: options.callerNumber ?? '' },
    firstState: 'Up',
  });
  const [localExten = 'caller', localContext = 'sim'] = (options.localTarget ?? 'caller@sim').split('@');
  first.connected = { name: '', number: '' };
  second.connected = { name: '', number: '' };
  second.caller = { name: '', number: '' };
  second.dialplan = {
    context: localContext,
    exten: localExten,
    priority: 1,
    app_name: 'Answer',
    app_data: '',
  };
  first.dialplan = {
    context: options.context ?? 'ivr',
    exten: options.exten ?? 's',
    priority: options.priority ?? 4,
    app_name: '',
    app_data: '',
  };
  first.framesFromMs = core.options.clock.nowMs() + (options.silentForMs ?? 0);
  const call = new InboundCall(core, first, second);
  core.asterisk.enterStasis(first, app, options.dialplanArgs ?? []);
  return call;
}
