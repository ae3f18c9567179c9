import { AriError, parseCallerId, type SimulatedAsterisk } from './asterisk.ts';
import type { Calls } from './calls.ts';
import { SimChannel } from './channel.ts';
import type { Dialplan } from './dialplan.ts';
import type { Endpoints } from './endpoints.ts';

export interface OriginateRequest {
  endpoint: string;
  app?: string;
  appArgs?: string;
  context?: string;
  extension?: string;
  priority?: number;
  callerId?: string;
  timeout?: number;
  channelId?: string;
  otherChannelId?: string;
  variables?: Record<string, string>;
}

const allocationFailed = () => new AriError(500, { error: 'Allocation failed' });

/**
 * Channels ARI creates: originate (Local pairs and PJSIP phones), create + dial, snoop, and
 * continueInDialplan. The app is subscribed to what it originates (both Local halves), so it
 * hears Dial events, the far end's dialplan and ChannelDestroyed.
 */
export class Originator {
  private snoopCounter = 1;
  private pjsipCounter = 0;

  constructor(
    private readonly asterisk: SimulatedAsterisk,
    private readonly calls: Calls,
    private readonly dialplan: Dialplan,
    private readonly endpoints: Endpoints,
  ) {}

  originate(request: OriginateRequest): Record<string, unknown> {
    const caller = request.callerId ? parseCallerId(request.callerId) : undefined;
    const timeout = request.timeout ?? 30;
    const onAnswer = request.app
      ? { app: request.app, args: splitArgs(request.appArgs) }
      : {
          context: request.context ?? 'default',
          exten: request.extension ?? 's',
          priority: request.priority ?? 1,
        };
    const local = /^Local\/([^@/]+)@([^/]+)(\/n)?$/.exec(request.endpoint);
    if (local) {
      const [, exten = '', context = ''] = local;
      if (!this.dialplan.has(context, exten)) throw allocationFailed();
      const { first, second } = this.calls.createLocalPair(`${exten}@${context}`, 'originate', {
        firstId: request.channelId,
        secondId: request.otherChannelId,
        caller,
        firstState: 'Down',
      });
      this.setVariables(first, request.variables);
      first.onAnswer = onAnswer;
      const app = request.app ? this.asterisk.apps.get(request.app) : undefined;
      app?.channelIds.add(first.id);
      app?.channelIds.add(second.id);
      const reply = first.snapshot();
      this.asterisk.clock.setTimer(0, () => {
        if (first.hungUp) return;
        if (caller) {
          this.asterisk.setCaller(second, caller);
          this.asterisk.emitForChannel('ChannelConnectedLine', second);
        }
        this.calls.startDialing(first, `${exten}@${context}`, `${exten}@${context}`, timeout);
        this.dialplan.run(second, context, exten, 1);
      });
      return reply;
    }
    const endpoint = this.endpoints.find(request.endpoint);
    if (!endpoint) throw allocationFailed();
    const counter = (this.pjsipCounter++).toString(16).padStart(8, '0');
    const channel = new SimChannel(
      request.channelId ?? this.asterisk.nextUniqueId(),
      `${request.endpoint}-${counter}`,
      'originate',
      this.asterisk.clock.nowMs(),
      {
        state: 'Down',
        caller,
        dialplan: {
          context: 'default',
          exten: 's',
          priority: 1,
          app_name: 'AppDial2',
          app_data: '(Outgoing Line)',
        },
      },
    );
    if (caller) channel.connected = { ...caller };
    this.asterisk.addChannel(channel);
    this.setVariables(channel, request.variables);
    channel.onAnswer = onAnswer;
    if (request.app) this.asterisk.apps.get(request.app)?.channelIds.add(channel.id);
    const reply = channel.snapshot();
    this.asterisk.clock.setTimer(0, () => this.ringPhone(channel, endpoint.resource, timeout));
    return reply;
  }

  /** A PJSIP phone rings, then answers, rejects or keeps ringing as its behaviour says. */
  private ringPhone(channel: SimChannel, resource: string, timeout: number): void {
    if (channel.hungUp) return;
    const endpoint = this.endpoints.find(channel.name.slice(0, channel.name.lastIndexOf('-')));
    this.calls.startDialing(channel, resource, resource, timeout);
    if (!endpoint || endpoint.state === 'offline') {
      this.calls.farEndHangup(channel, 20);
      return;
    }
    this.asterisk.setState(channel, 'Ringing');
    this.calls.emitDial(channel, 'RINGING', resource);
    const { answerAfterMs, rejectCause } = endpoint.behaviour;
    if (answerAfterMs === null) return;
    this.asterisk.clock.setTimer(answerAfterMs, () => {
      if (channel.hungUp) return;
      if (rejectCause) this.calls.farEndHangup(channel, rejectCause);
      else this.calls.dialAnswered(channel);
    });
  }

  /** channels.create: the channel enters Stasis at once, in state Down, before any dialling. */
  create(request: {
    endpoint: string;
    app: string;
    appArgs?: string;
    channelId?: string;
    otherChannelId?: string;
  }) {
    const local = /^Local\/([^@/]+)@([^/]+)$/.exec(request.endpoint);
    if (!local) throw allocationFailed();
    const [, exten = '', context = ''] = local;
    if (!this.dialplan.has(context, exten)) throw allocationFailed();
    const { first } = this.calls.createLocalPair(`${exten}@${context}`, 'create', {
      firstId: request.channelId,
      secondId: request.otherChannelId,
      firstState: 'Down',
    });
    first.dialplan = { context, exten, priority: 1, app_name: '', app_data: '' };
    this.asterisk.apps.get(request.app)?.channelIds.add(first.id);
    const reply = first.snapshot();
    const args = splitArgs(request.appArgs);
    this.asterisk.clock.setTimer(0, () => {
      if (first.hungUp) return;
      const appData = [request.app, ...args].join(',');
      first.dialplan = { ...first.dialplan, app_name: 'Stasis', app_data: appData };
      this.asterisk.emitForChannel('ChannelDialplan', first, {
        dialplan_app: 'Stasis',
        dialplan_app_data: appData,
      });
      this.asterisk.enterStasis(first, request.app, args);
    });
    return reply;
  }

  /** channels.dial on a created channel: Dial → Up → Dial ANSWER (with an empty dialstring). */
  dial(channelId: string, timeout: number | undefined): void {
    const first = this.asterisk.channel(channelId);
    const second = first.localPeer;
    if (!second || first.dialing) throw new AriError(409, { message: 'Channel cannot be dialed' });
    const { context, exten } = second.dialplan;
    this.calls.startDialing(first, `${exten}@${context}`, '', timeout ?? 0);
    this.dialplan.run(second, context, exten, 1);
  }

  /** A snoop channel `Snoop/<spied id>-0000000N` that enters Stasis with its own StasisStart. */
  snoop(targetId: string, snoopId: string | undefined, app: string, appArgs: string | undefined) {
    const target = this.asterisk.channel(targetId);
    const name = `Snoop/${target.id}-${(this.snoopCounter++).toString(16).padStart(8, '0')}`;
    const channel = new SimChannel(
      snoopId ?? this.asterisk.nextUniqueId(),
      name,
      'snoop',
      this.asterisk.clock.nowMs(),
      {
        state: 'Up',
        dialplan: { context: 'default', exten: 's', priority: 1, app_name: '', app_data: '' },
      },
    );
    channel.framesFromMs = target.framesFromMs;
    this.asterisk.addChannel(channel);
    const reply = channel.snapshot();
    this.asterisk.enterStasis(channel, app, splitArgs(appArgs));
    return reply;
  }

  /**
   * StasisEnd now; the channel then runs dialplan unseen (it is no longer subscribed) and, if it
   * reaches Stasis() again, comes back with a new StasisStart and the same id. No arguments means
   * the next priority.
   */
  continueInDialplan(
    channelId: string,
    target: { context?: string; extension?: string; priority?: number },
  ): void {
    const channel = this.asterisk.channel(channelId);
    if (!channel.stasisApp) throw new AriError(409, { message: 'Channel not in Stasis application' });
    const explicit = target.context !== undefined || target.extension !== undefined;
    const context = target.context ?? channel.dialplan.context;
    const exten = target.extension ?? channel.dialplan.exten;
    const priority = target.priority ?? (explicit ? 1 : channel.dialplan.priority + 1);
    this.asterisk.leaveStasis(channel);
    channel.vars.set('STASISSTATUS', 'SUCCESS');
    this.asterisk.clock.setTimer(0, () => {
      if (!channel.hungUp) this.dialplan.run(channel, context, exten, priority);
    });
  }

  private setVariables(channel: SimChannel, variables: Record<string, string> | undefined): void {
    for (const [name, value] of Object.entries(variables ?? {})) channel.vars.set(name, value);
  }
}

/** `appArgs` is one comma-separated string; StasisStart.args is always an array. */
export function splitArgs(appArgs: string | undefined): string[] {
  return appArgs ? appArgs.split(',') : [];
}
