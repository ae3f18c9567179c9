import { type AriEvent, envelope } from './events.ts';

/** Where an application's events go: one WebSocket, or a test's in-process listener. */
export interface EventSink {
  send(event: AriEvent): void;
}

/** One registered Stasis application and what it follows. */
export class StasisApplication {
  readonly sinks = new Set<EventSink>();
  /** Explicit subscriptions (applications.subscribe, originate/create/externalMedia with app). */
  readonly channelIds = new Set<string>();
  readonly bridgeIds = new Set<string>();
  /**
   * Bridges the app follows because one of its Stasis channels joined them. `removeChannel`
   * drops this; a hangup does not — which is why BridgeDestroyed arrives after a hangup but not
   * after an explicit removal (see holding-bridge-moh).
   */
  readonly followedBridgeIds = new Set<string>();
  /** `PJSIP/agent100` or a whole technology `PJSIP`; kept in subscription order. */
  endpointIds: string[] = [];
  readonly deviceNames = new Set<string>();
  subscribeAll = false;

  constructor(readonly name: string) {}

  /** The `Application` model; `stasisChannelIds` are the channels now in this app. Endpoint ids sorted. */
  describe(stasisChannelIds: string[] = []): Record<string, unknown> {
    return {
      name: this.name,
      channel_ids: [...new Set([...this.channelIds, ...stasisChannelIds])],
      bridge_ids: [...this.bridgeIds],
      endpoint_ids: [...this.endpointIds].sort(),
      device_names: [...this.deviceNames],
      events_allowed: [],
      events_disallowed: [],
    };
  }

  deliver(event: AriEvent, asteriskId: string): void {
    const message = envelope(event, asteriskId, this.name);
    for (const sink of this.sinks) sink.send(message);
  }
}

/** The registry: an application exists while at least one WebSocket is connected for it. */
export class Applications {
  private readonly byName = new Map<string, StasisApplication>();

  /**
   * A second WebSocket for the same application takes it over, as in Asterisk: the previous one
   * gets ApplicationReplaced and no further events (run several IVR processes under distinct names).
   */
  register(name: string, sink: EventSink, subscribeAll: boolean, replaced?: AriEvent): StasisApplication {
    let app = this.byName.get(name);
    if (!app) {
      app = new StasisApplication(name);
      this.byName.set(name, app);
    }
    for (const previous of app.sinks) {
      if (replaced) previous.send({ ...replaced, application: name });
      app.sinks.delete(previous);
    }
    app.sinks.add(sink);
    if (subscribeAll) app.subscribeAll = true;
    return app;
  }

  /**
   * Drops the sink. Without a connection the application is inactive; Asterisk forgets it unless
   * it still holds subscriptions, which then survive ari-client's reconnect.
   */
  unregister(name: string, sink: EventSink): void {
    const app = this.byName.get(name);
    if (!app) return;
    app.sinks.delete(sink);
    const subscribed =
      app.channelIds.size + app.bridgeIds.size + app.endpointIds.length + app.deviceNames.size > 0;
    if (app.sinks.size === 0 && !subscribed) this.byName.delete(name);
  }

  get(name: string): StasisApplication | undefined {
    return this.byName.get(name);
  }

  all(): StasisApplication[] {
    return [...this.byName.values()];
  }

  clear(): void {
    this.byName.clear();
  }

  /** A destroyed channel or bridge is forgotten by every subscription. */
  forgetChannel(id: string): void {
    for (const app of this.byName.values()) app.channelIds.delete(id);
  }

  forgetBridge(id: string): void {
    for (const app of this.byName.values()) {
      app.bridgeIds.delete(id);
      app.followedBridgeIds.delete(id);
    }
  }
}
