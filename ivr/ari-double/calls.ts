import { type SimulatedAsterisk, SOFT_HANGUP } from './asterisk.ts';
import { type CallerId, type ChannelOrigin, localChannelName, SimChannel } from './channel.ts';
import type { Dialplan, DialplanActions } from './dialplan.ts';
import { buildEvent } from './events.ts';
import type { Playbacks } from './playbacks.ts';
import type { Recordings } from './recordings.ts';

/** One Local channel pair: `;1` faces the application, `;2` runs the far end's dialplan. */
export interface LocalPair {
  first: SimChannel;
  second: SimChannel;
}

/**
 * Channel life cycles shared by inbound calls, originates and dialplan: Local pairs, Dial events,
 * answer, DTMF, and the hangup sequences seen in the traces (ARI hangup = cause 32 + soft; far-end
 * hangup = real cause; ring timeout = cause 19 with no StasisStart).
 */
export class Calls implements DialplanActions {
  constructor(
    private readonly asterisk: SimulatedAsterisk,
    private readonly dialplan: Dialplan,
    private readonly playbacks: Playbacks,
    private readonly recordings: Recordings,
    private readonly soundLength: (name: string) => number | undefined,
  ) {
    dialplan.actions = this;
    asterisk.hooks.push({
      beforeStasisEnd: () => undefined,
      afterStasisEnd: (channel) => this.hangUpSnoopsOf(channel),
      connectedLineChanged: (channel) => {
        // A Local channel passes connected-line updates through: the ;2 half's caller changes.
        const second = channel.localPeer;
        if (!second || !channel.name.endsWith(';1') || second.hungUp) return;
        // Observed: the new caller already shows in the ;2 half's next snapshot, while its
        // ChannelCallerId event comes only after the next priority starts.
        second.caller = { ...channel.connected };
        this.dialplan.whenSettled(second, () => {
          if (!second.hungUp) this.asterisk.emitCallerId(second);
        });
      },
    });
  }

  /** A Local pair for `Local/<exten>@<context>`; ids as given or `<epoch>.<counter>`. */
  createLocalPair(
    target: string,
    origin: ChannelOrigin,
    options: { firstId?: string; secondId?: string; caller?: CallerId; firstState: 'Down' | 'Up' },
  ): LocalPair {
    const [exten = '', context = 'default'] = target.split('@');
    const counter = this.asterisk.nextLocalCounter();
    const now = this.asterisk.clock.nowMs();
    const firstId = options.firstId ?? this.asterisk.nextUniqueId();
    const secondId =
      options.secondId ?? (options.firstId ? `${options.firstId};2` : this.asterisk.nextUniqueId());
    const caller = options.caller ?? { name: '', number: '' };
    const first = new SimChannel(firstId, localChannelName(target, counter, 1), origin, now, {
      state: options.firstState,
      caller: { ...caller },
      dialplan: { context, exten, priority: 1, app_name: 'AppDial2', app_data: '(Outgoing Line)' },
    });
    first.connected = { ...caller };
    const second = new SimChannel(secondId, localChannelName(target, counter, 2), origin, now, {
      state: options.firstState === 'Up' ? 'Up' : 'Ring',
      caller: { ...caller },
      dialplan: { context, exten, priority: 1, app_name: '', app_data: '' },
    });
    second.connected = { ...caller };
    first.localPeer = second;
    second.localPeer = first;
    this.asterisk.addChannel(first);
    this.asterisk.addChannel(second);
    return { first, second };
  }

  emitDial(peer: SimChannel, dialstatus: string, dialstring: string): void {
    const apps = this.asterisk.apps.all().filter((app) => this.asterisk.wantsChannel(app, peer));
    if (apps.length === 0) return;
    const fields = { dialstatus, forward: '', dialstring, peer: peer.snapshot() };
    this.asterisk.deliver(apps, buildEvent('Dial', this.asterisk.clock.nowMs(), fields));
  }

  /** ARI starts dialling `channel`; `timeoutSeconds` ≤ 0 means no ring timeout. */
  startDialing(
    channel: SimChannel,
    dialstring: string,
    answerDialstring: string,
    timeoutSeconds: number,
  ): void {
    channel.dialing = { dialstring, answerDialstring, answered: false };
    this.emitDial(channel, '', dialstring);
    if (timeoutSeconds > 0) {
      channel.dialing.cancelTimeout = this.asterisk.clock.setTimer(timeoutSeconds * 1000, () =>
        this.ringTimeout(channel),
      );
    }
  }

  /** The dialled side answered: Up → Dial ANSWER → into Stasis (or dialplan). */
  dialAnswered(channel: SimChannel): void {
    const dialing = channel.dialing;
    if (!dialing || dialing.answered || channel.hungUp) return;
    dialing.answered = true;
    dialing.cancelTimeout?.();
    this.asterisk.setState(channel, 'Up');
    this.emitDial(channel, 'ANSWER', dialing.answerDialstring);
    const next = channel.onAnswer;
    channel.onAnswer = null;
    if (next && 'app' in next) this.asterisk.enterStasis(channel, next.app, next.args);
    else if (next) this.dialplan.run(channel, next.context, next.exten, next.priority);
  }

  // ---- DialplanActions ---------------------------------------------------------------------

  answer(channel: SimChannel): void {
    const first = channel.name.endsWith(';2') ? channel.localPeer : null;
    if (first?.dialing) {
      this.dialAnswered(first);
      this.asterisk.setState(channel, 'Up');
      return;
    }
    this.asterisk.setState(channel, 'Up');
  }

  ringing(channel: SimChannel): void {
    const first = channel.name.endsWith(';2') ? channel.localPeer : null;
    if (!first?.dialing || first.dialing.answered) return;
    this.asterisk.setState(first, 'Ringing');
    // Observed: the dialler reports RINGING only after the far end's next priority started.
    this.dialplan.deferToNextStep(channel, () => {
      if (first.dialing && !first.dialing.answered && !first.hungUp) {
        this.emitDial(first, 'RINGING', first.dialing.dialstring);
      }
    });
  }

  /** One ChannelDtmfReceived per digit on the receiving side, when the digit ends. */
  sendDtmf(channel: SimChannel, digits: string, gapMs: number, durationMs: number): number {
    const receiver = channel.localPeer ?? channel;
    [...digits].forEach((digit, index) => {
      this.asterisk.clock.setTimer(index * (gapMs + durationMs) + durationMs, () => {
        if (receiver.hungUp) return;
        this.asterisk.emitForChannel('ChannelDtmfReceived', receiver, { digit, duration_ms: durationMs });
        this.recordings.dtmfReceived(receiver, digit);
      });
    });
    return digits.length * (gapMs + durationMs);
  }

  hangup(channel: SimChannel, cause: number): void {
    this.farEndHangup(channel, cause);
  }

  enterStasis(channel: SimChannel, app: string, args: string[]): void {
    this.asterisk.enterStasis(channel, app, args);
  }

  hasMedia(channel: SimChannel): boolean {
    const bridge = channel.bridgeId ? this.asterisk.bridges.get(channel.bridgeId) : undefined;
    return (bridge?.channelIds.length ?? 0) >= 2 || this.playbacks.isPlayingOn(channel);
  }

  soundLengthMs(name: string): number | undefined {
    return this.soundLength(name);
  }

  // ---- hangups -----------------------------------------------------------------------------

  /** `DELETE /channels/{id}`: always cause 32 + soft in the event, whatever `reason` says. */
  hangupFromAri(channel: SimChannel, destroyCause: number): void {
    this.dialplan.stop(channel);
    if (!this.asterisk.requestHangup(channel, SOFT_HANGUP, true)) return;
    this.stopDialing(channel, 'NOANSWER');
    if (channel.name.endsWith(';1') && channel.localPeer) this.finishPair(channel, 16, destroyCause);
    else if (channel.name.endsWith(';2') && channel.localPeer) this.farEndHangup(channel.localPeer, 16);
    else this.asterisk.destroy(channel, destroyCause);
  }

  /** The far end (or the dialplan's Hangup()) ends the call with a real Q.850 cause. */
  farEndHangup(channel: SimChannel, cause: number): void {
    this.dialplan.stop(channel);
    const peer = channel.localPeer;
    if (channel.name.endsWith(';2') && peer) {
      this.asterisk.requestHangup(channel, cause, true);
      this.dialplan.stop(peer);
      this.asterisk.requestHangup(peer, cause, false);
      this.stopDialing(peer, cause === 17 ? 'BUSY' : 'NOANSWER');
      this.asterisk.destroy(peer, cause);
      this.asterisk.destroy(channel, cause);
      return;
    }
    const fromDialplan = channel.stasisApp === null && channel.origin !== 'snoop';
    if (!this.asterisk.requestHangup(channel, cause, fromDialplan)) return;
    this.stopDialing(channel, cause === 17 ? 'BUSY' : 'NOANSWER');
    if (channel.name.endsWith(';1') && peer) this.finishPair(channel, cause, cause);
    else this.asterisk.destroy(channel, cause);
  }

  /** Ring timeout: no StasisStart, no Dial end; the far end sees cause 19 first. */
  private ringTimeout(channel: SimChannel): void {
    if (!channel.dialing || channel.dialing.answered || channel.hungUp) return;
    channel.hungUp = true;
    channel.dialing = null;
    if (channel.localPeer) this.finishPair(channel, 19, 19);
    else this.asterisk.destroy(channel, 19);
  }

  /** ;2 hears the hangup → ;1 destroyed → ;2 soft hangup → ;2 destroyed (ivr-basic-call, originate-no-answer). */
  private finishPair(first: SimChannel, propagatedCause: number, destroyCause: number): void {
    const second = first.localPeer;
    if (!second) return;
    this.dialplan.stop(second);
    const secondAlive = this.asterisk.requestHangup(second, propagatedCause, false);
    this.asterisk.destroy(first, destroyCause);
    if (secondAlive)
      this.asterisk.emitForChannel('ChannelHangupRequest', second, {}, { cause: 16, soft: true });
    this.asterisk.destroy(second, destroyCause);
  }

  private stopDialing(channel: SimChannel, status: string): void {
    const dialing = channel.dialing;
    if (!dialing) return;
    dialing.cancelTimeout?.();
    channel.dialing = null;
    if (!dialing.answered) this.emitDial(channel, status, dialing.dialstring);
  }

  /**
   * The spied channel is gone: real Asterisk ends its snoops after the spied channel's StasisEnd,
   * without a ChannelHangupRequest for them (their recordings finish, then their StasisEnd).
   */
  private hangUpSnoopsOf(channel: SimChannel): void {
    for (const snoop of this.asterisk.channels.values()) {
      if (snoop.origin === 'snoop' && snoop.name.startsWith(`Snoop/${channel.id}-`) && !snoop.hungUp) {
        this.dialplan.stop(snoop);
        if (this.asterisk.requestHangup(snoop, 16, false, { silent: true })) this.asterisk.destroy(snoop, 16);
      }
    }
  }
}
