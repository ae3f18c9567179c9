import { Applications, type StasisApplication } from './applications.ts';
import type { SimBridge } from './bridge.ts';
import type { CallerId, ChannelState, SimChannel } from './channel.ts';
import type { DoubleClock } from './clock.ts';
import { type AriEvent, buildEvent, causeText } from './events.ts';

/** An error ARI answers with: status and the exact JSON body Asterisk sends. */
export class AriError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, string>,
  ) {
    super(body.message ?? body.error ?? `HTTP ${status}`);
  }
}

export const channelNotFound = () => new AriError(404, { message: 'Channel not found' });
export const bridgeNotFound = () => new AriError(404, { message: 'Bridge not found' });

/** Lets channel owners (playbacks, recordings, bridges, dialplan) clean up when a channel ends. */
export interface ChannelEndHooks {
  /** Runs right after ChannelHangupRequest, before StasisEnd, in `stage` order. */
  beforeStasisEnd(channel: SimChannel): void;
  /**
   * Order among clean-ups, as traced: 1 leave the bridge (BRIDGEPEER, ChannelLeftBridge), 2 fail
   * the running playback, 3 finish recordings, 4 the rest. Default 4.
   */
  stage?: number;
  /** Runs after StasisEnd (and STASISSTATUS) of a hung-up channel. */
  afterStasisEnd?(channel: SimChannel): void;
  /** The channel gained media (joined a bridge with someone, or started a playback). */
  mediaStarted?(channel: SimChannel): void;
  /** The channel's connected line changed (Local channels pass it on to their other half). */
  connectedLineChanged?(channel: SimChannel): void;
}

/** The hangup cause ARI reports for a soft hangup it requested itself (AST_SOFTHANGUP_EXPLICIT). */
export const SOFT_HANGUP = 32;

/**
 * The simulated Asterisk core: channels, bridges, ids, variables and event routing. Resource
 * behaviours (playbacks, recordings, bridges, Local channels, dialplan) live in their own modules
 * and call back into this one to change state and emit events.
 */
export class SimulatedAsterisk {
  readonly apps = new Applications();
  readonly channels = new Map<string, SimChannel>();
  readonly bridges = new Map<string, SimBridge>();
  readonly globalVars = new Map<string, string>();
  readonly startedMs: number;
  private uniqueCounter = 0;
  private localCounter = 0;
  private rtpCounter = 0;
  readonly hooks: ChannelEndHooks[] = [];

  constructor(
    readonly clock: DoubleClock,
    readonly asteriskId: string,
  ) {
    this.startedMs = clock.nowMs();
  }

  /** `1795812779.42`: epoch seconds now, then a counter that restarts with Asterisk. */
  nextUniqueId(): string {
    return `${Math.floor(this.clock.nowMs() / 1000)}.${this.uniqueCounter++}`;
  }

  nextLocalCounter(): number {
    return this.localCounter++;
  }

  /** UnicastRTP names carry a pointer-like hex suffix in Asterisk. */
  nextRtpSuffix(): string {
    return `0x7f5098${(0xd070 + 0x60 * this.rtpCounter++).toString(16).padStart(6, '0')}`;
  }

  channel(id: string): SimChannel {
    const channel = this.channels.get(id);
    if (!channel || channel.hungUp) throw channelNotFound();
    return channel;
  }

  addChannel(channel: SimChannel): SimChannel {
    if (this.channels.has(channel.id)) {
      throw new AriError(409, { message: 'Channel with given unique ID already exists' });
    }
    this.channels.set(channel.id, channel);
    return channel;
  }

  describeApp(app: StasisApplication): Record<string, unknown> {
    const inStasis = [...this.channels.values()].filter((channel) => channel.stasisApp === app.name);
    return app.describe(inStasis.map((channel) => channel.id));
  }

  // ---- event routing -------------------------------------------------------------------

  wantsChannel(app: StasisApplication, channel: SimChannel): boolean {
    return app.subscribeAll || app.channelIds.has(channel.id) || channel.stasisApp === app.name;
  }

  wantsBridge(app: StasisApplication, bridge: SimBridge): boolean {
    return app.subscribeAll || app.bridgeIds.has(bridge.id) || app.followedBridgeIds.has(bridge.id);
  }

  /** Listeners that see every event delivered to any application (the call simulator's view). */
  readonly taps = new Set<(event: AriEvent) => void>();

  deliver(apps: StasisApplication[], event: AriEvent): void {
    for (const app of apps) {
      app.deliver(event, this.asteriskId);
      for (const tap of this.taps) tap({ ...event, asterisk_id: this.asteriskId, application: app.name });
    }
  }

  emitForChannel(
    type: string,
    channel: SimChannel,
    fields: Record<string, unknown> = {},
    leading: Record<string, unknown> = {},
  ): void {
    const apps = this.apps.all().filter((app) => this.wantsChannel(app, channel));
    if (apps.length === 0) return;
    this.deliver(
      apps,
      buildEvent(type, this.clock.nowMs(), { ...fields, channel: channel.snapshot() }, leading),
    );
  }

  /** ChannelEnteredBridge / ChannelLeftBridge reach followers of either the channel or the bridge. */
  emitForBridge(type: string, bridge: SimBridge, channel?: SimChannel): void {
    const apps = this.apps.all().filter(
      // Bridge events travel on the bridge's topic: the channel's own Stasis app gets them, an
      // app that merely follows the channel does not (real Asterisk 22.10.1).
      (app) =>
        this.wantsBridge(app, bridge) ||
        app.subscribeAll ||
        (channel !== undefined && channel.stasisApp === app.name),
    );
    if (apps.length === 0) return;
    const fields: Record<string, unknown> = { bridge: bridge.snapshot() };
    if (channel) fields.channel = channel.snapshot();
    this.deliver(apps, buildEvent(type, this.clock.nowMs(), fields));
  }

  /** Events about a playback or recording go to whoever follows its target. */
  emitForTarget(type: string, targetUri: string, fields: Record<string, unknown>): void {
    const [kind, id] = splitTarget(targetUri);
    const apps = this.apps.all().filter((app) => {
      if (kind === 'bridge') {
        const bridge = this.bridges.get(id);
        return bridge !== undefined && this.wantsBridge(app, bridge);
      }
      const channel = this.channels.get(id);
      return channel !== undefined && this.wantsChannel(app, channel);
    });
    if (apps.length === 0) return;
    this.deliver(apps, buildEvent(type, this.clock.nowMs(), fields));
  }

  // ---- channel state -----------------------------------------------------------------------

  setState(channel: SimChannel, state: ChannelState): void {
    if (channel.state === state) return;
    channel.state = state;
    this.emitForChannel('ChannelStateChange', channel);
  }

  /** CALLERID(name|num|all) changes the caller and is reported as ChannelCallerId, not ChannelVarset. */
  setVariable(channel: SimChannel, variable: string, value: string): void {
    const callerField = /^CALLERID\((name|num|number|all)\)$/i.exec(variable)?.[1]?.toLowerCase();
    if (callerField) {
      const caller: CallerId = { ...channel.caller };
      if (callerField === 'name') caller.name = value;
      else if (callerField === 'all') Object.assign(caller, parseCallerId(value));
      else caller.number = value;
      this.setCaller(channel, caller);
      return;
    }
    // A dialplan function (CHANNEL(language), …) is written, not set: Asterisk sends no event.
    if (variable.includes('(')) {
      if (/^CHANNEL\(language\)$/i.test(variable)) {
        channel.language = value;
        if (channel.localPeer) channel.localPeer.language = value;
      }
      return;
    }
    channel.vars.set(variable, value);
    this.emitForChannel('ChannelVarset', channel, {}, { variable, value });
  }

  setCaller(channel: SimChannel, caller: CallerId): void {
    channel.caller = caller;
    this.emitCallerId(channel);
  }

  emitCallerId(channel: SimChannel): void {
    this.emitForChannel('ChannelCallerId', channel, {
      caller_presentation: 0,
      caller_presentation_txt: 'Presentation Allowed, Not Screened',
    });
  }

  setConnected(channel: SimChannel, connected: CallerId): void {
    if (channel.connected.name === connected.name && channel.connected.number === connected.number) return;
    channel.connected = { ...connected };
    this.emitForChannel('ChannelConnectedLine', channel);
    for (const hook of this.hooks) hook.connectedLineChanged?.(channel);
  }

  /** Returns undefined for a variable that was never set (ARI then answers 404). */
  getVariable(channel: SimChannel, variable: string): string | undefined {
    const fn = /^CALLERID\((name|num|number|all)\)$/i.exec(variable)?.[1]?.toLowerCase();
    if (fn === 'name') return channel.caller.name;
    if (fn === 'num' || fn === 'number') return channel.caller.number;
    if (fn === 'all') return `"${channel.caller.name}" <${channel.caller.number}>`;
    if (variable === 'CHANNEL') return channel.name;
    if (variable === 'UNIQUEID') return channel.id;
    return channel.vars.get(variable) ?? channel.channelvars?.[variable];
  }

  // ---- Stasis ------------------------------------------------------------------------------

  /** Dialplan `Stasis(app,args)`: STASISSTATUS is cleared, then StasisStart. */
  enterStasis(channel: SimChannel, app: string, args: string[]): void {
    channel.dialplan = { ...channel.dialplan, app_name: 'Stasis', app_data: [app, ...args].join(',') };
    channel.vars.set('STASISSTATUS', '');
    this.emitForChannel('ChannelVarset', channel, {}, { variable: 'STASISSTATUS', value: '' });
    channel.stasisApp = app;
    channel.stasisArgs = args;
    this.emitToStasisApp('StasisStart', channel, { args });
  }

  leaveStasis(channel: SimChannel): void {
    if (!channel.stasisApp) return;
    this.emitToStasisApp('StasisEnd', channel);
    channel.stasisApp = null;
  }

  /**
   * StasisStart/StasisEnd go to the application the channel enters or leaves only: an app that
   * originated a Local pair follows the `;2` half's other events but never its StasisStart into
   * another app (real Asterisk 22.10.1, `[hotline-sim]`).
   */
  private emitToStasisApp(type: string, channel: SimChannel, fields: Record<string, unknown> = {}): void {
    const app = this.apps.all().find((candidate) => candidate.name === channel.stasisApp);
    if (!app) return;
    this.deliver([app], buildEvent(type, this.clock.nowMs(), { ...fields, channel: channel.snapshot() }));
  }

  // ---- hangup ------------------------------------------------------------------------------

  /**
   * The common part of every hangup: ChannelHangupRequest → (bridge, playback, recording
   * clean-up) → StasisEnd → STASISSTATUS=SUCCESS. Destruction is left to the caller because
   * Local channel pairs interleave the two halves.
   */
  requestHangup(
    channel: SimChannel,
    cause: number,
    soft: boolean,
    options: { silent?: boolean } = {},
  ): boolean {
    if (channel.hungUp) return false;
    channel.hungUp = true;
    if (!options.silent) {
      this.emitForChannel('ChannelHangupRequest', channel, {}, soft ? { cause, soft: true } : { cause });
    }
    const ordered = [...this.hooks].sort((a, b) => (a.stage ?? 4) - (b.stage ?? 4));
    for (const hook of ordered) hook.beforeStasisEnd(channel);
    if (channel.stasisApp) {
      this.leaveStasis(channel);
      channel.vars.set('STASISSTATUS', 'SUCCESS');
      this.emitForChannel('ChannelVarset', channel, {}, { variable: 'STASISSTATUS', value: 'SUCCESS' });
    }
    for (const hook of this.hooks) hook.afterStasisEnd?.(channel);
    return true;
  }

  /** ChannelDestroyed (only subscribers hear it), then the channel is gone. */
  destroy(channel: SimChannel, cause: number): void {
    if (!this.channels.has(channel.id)) return;
    channel.hungUp = true;
    const dialled = channel.origin === 'originate' || channel.origin === 'externalMedia';
    const appName = dialled && !channel.name.endsWith(';2') ? 'AppDial2' : '';
    channel.dialplan = {
      ...channel.dialplan,
      app_name: appName,
      app_data: appName ? '(Outgoing Line)' : '',
    };
    this.emitForChannel('ChannelDestroyed', channel, { cause, cause_txt: causeText(cause) });
    this.channels.delete(channel.id);
    this.apps.forgetChannel(channel.id);
    const listeners = this.destroyListeners.get(channel.id);
    this.destroyListeners.delete(channel.id);
    for (const listener of listeners ?? []) listener();
  }

  private readonly destroyListeners = new Map<string, (() => void)[]>();

  /** Runs `listener` once, when the channel is destroyed. */
  onDestroyed(channelId: string, listener: () => void): void {
    this.destroyListeners.set(channelId, [...(this.destroyListeners.get(channelId) ?? []), listener]);
  }

  mediaStarted(channel: SimChannel): void {
    for (const hook of this.hooks) hook.mediaStarted?.(channel);
  }
}

export function splitTarget(targetUri: string): ['channel' | 'bridge', string] {
  const colon = targetUri.indexOf(':');
  const kind = targetUri.slice(0, colon) === 'bridge' ? 'bridge' : 'channel';
  return [kind, targetUri.slice(colon + 1)];
}

/** `Agent 100 <100>` → {name:'Agent 100', number:'100'}; a bare number has no name. */
export function parseCallerId(text: string): CallerId {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(text);
  if (match) return { name: match[1] ?? '', number: match[2] ?? '' };
  return { name: '', number: text.trim() };
}
