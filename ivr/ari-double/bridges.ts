import { AriError, bridgeNotFound, type SimulatedAsterisk } from './asterisk.ts';
import { bridgeTypeOf, SimBridge } from './bridge.ts';
import type { SimChannel } from './channel.ts';
import { buildEvent } from './events.ts';
import type { Playbacks } from './playbacks.ts';

/**
 * Bridge behaviour as traced: no BridgeCreated for bridges the app makes; each channel that
 * enters a mixing bridge with a peer gets ChannelVarset BRIDGEPEER and ChannelConnectedLine;
 * BridgeDestroyed only reaches apps that still follow the bridge (an explicit removeChannel
 * stops following it, a hangup does not).
 */
export class Bridges {
  constructor(
    private readonly asterisk: SimulatedAsterisk,
    private readonly playbacks: Playbacks,
  ) {
    asterisk.hooks.push({
      stage: 1,
      beforeStasisEnd: (channel) => {
        const bridge = channel.bridgeId ? asterisk.bridges.get(channel.bridgeId) : undefined;
        if (bridge) this.leave(bridge, channel);
      },
    });
  }

  get(id: string): SimBridge {
    const bridge = this.asterisk.bridges.get(id);
    if (!bridge || bridge.destroyed) throw bridgeNotFound();
    return bridge;
  }

  create(id: string, type: string | undefined, name: string | undefined): Record<string, unknown> {
    const existing = this.asterisk.bridges.get(id);
    if (existing) {
      throw new AriError(409, { message: 'Bridge with this id already exists' });
    }
    const bridge = new SimBridge(id, bridgeTypeOf(type), name ?? '', this.asterisk.clock.nowMs());
    this.asterisk.bridges.set(id, bridge);
    return bridge.snapshot();
  }

  addChannels(bridgeId: string, channelIds: string[], role: string | undefined): void {
    const bridge = this.get(bridgeId);
    const channels = channelIds.map((id) => this.asterisk.channel(id));
    for (const channel of channels) {
      if (!channel.stasisApp) throw new AriError(422, { message: 'Channel not in Stasis application' });
    }
    for (const channel of channels) {
      if (channel.bridgeId === bridge.id) continue;
      const previous = channel.bridgeId ? this.asterisk.bridges.get(channel.bridgeId) : undefined;
      if (previous) this.leave(previous, channel);
      bridge.channelIds.push(channel.id);
      if (role) bridge.roles.set(channel.id, role);
      channel.bridgeId = bridge.id;
      this.asterisk.apps.get(channel.stasisApp ?? '')?.followedBridgeIds.add(bridge.id);
      this.asterisk.emitForBridge('ChannelEnteredBridge', bridge, channel);
    }
    if (bridge.bridgeType !== 'mixing' || bridge.channelIds.length < 2) return;
    const members = bridge.channelIds.map((id) => this.asterisk.channels.get(id)).filter(isChannel);
    for (const channel of members) {
      const peers = members.filter((other) => other !== channel).map((other) => other.name);
      const value = peers.join(',');
      if (channel.vars.get('BRIDGEPEER') !== value) this.asterisk.setVariable(channel, 'BRIDGEPEER', value);
    }
    // Observed order: the channel that joined last learns its connected line first.
    if (members.length === 2) {
      const [first, second] = members as [SimChannel, SimChannel];
      this.asterisk.setConnected(second, first.caller);
      this.asterisk.setConnected(first, second.caller);
    }
    for (const channel of members) this.asterisk.mediaStarted(channel);
  }

  removeChannels(bridgeId: string, channelIds: string[]): void {
    const bridge = this.get(bridgeId);
    const channels = channelIds.map((id) => this.asterisk.channel(id));
    for (const channel of channels) {
      if (channel.bridgeId !== bridge.id) throw new AriError(422, { message: 'Channel not in this bridge' });
    }
    for (const channel of channels) {
      this.leave(bridge, channel);
      this.asterisk.apps.get(channel.stasisApp ?? '')?.followedBridgeIds.delete(bridge.id);
    }
  }

  /** ChannelVarset BRIDGEPEER="" (when it had a peer) → ChannelLeftBridge. */
  private leave(bridge: SimBridge, channel: SimChannel): void {
    const position = bridge.channelIds.indexOf(channel.id);
    if (position < 0) return;
    if (channel.vars.get('BRIDGEPEER')) this.asterisk.setVariable(channel, 'BRIDGEPEER', '');
    bridge.channelIds.splice(position, 1);
    bridge.roles.delete(channel.id);
    channel.bridgeId = null;
    this.asterisk.emitForBridge('ChannelLeftBridge', bridge, channel);
  }

  destroy(bridgeId: string): void {
    const bridge = this.get(bridgeId);
    for (const id of [...bridge.channelIds]) {
      const channel = this.asterisk.channels.get(id);
      if (channel) this.leave(bridge, channel);
    }
    this.playbacks.targetGone(`bridge:${bridge.id}`);
    bridge.destroyed = true;
    const followers = this.asterisk.apps.all().filter((app) => this.asterisk.wantsBridge(app, bridge));
    this.asterisk.deliver(
      followers,
      buildEvent('BridgeDestroyed', this.asterisk.clock.nowMs(), { bridge: bridge.snapshot() }),
    );
    this.asterisk.bridges.delete(bridge.id);
    this.asterisk.apps.forgetBridge(bridge.id);
  }
}

function isChannel(channel: SimChannel | undefined): channel is SimChannel {
  return channel !== undefined;
}
