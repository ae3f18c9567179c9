import { AriError, type SimulatedAsterisk } from './asterisk.ts';
import { buildEvent } from './events.ts';

/** How a simulated phone (PJSIP endpoint) treats an incoming call from the IVR. */
export interface EndpointBehaviour {
  /** Milliseconds of ringing before answering; `null` never answers (ring-no-answer). */
  answerAfterMs: number | null;
  /** Rejects after ringing this long with `rejectCause` (17 busy, 21 rejected…). */
  rejectCause?: number;
}

export interface SimEndpoint {
  technology: string;
  resource: string;
  state: 'online' | 'offline';
  behaviour: EndpointBehaviour;
}

/** PJSIP endpoints (operators' phones), device states and mailboxes. */
export class Endpoints {
  private readonly endpoints = new Map<string, SimEndpoint>();
  readonly deviceStates = new Map<string, string>();
  readonly mailboxes = new Map<string, { old: number; new: number }>();

  constructor(private readonly asterisk: SimulatedAsterisk) {}

  /** Defines (or redefines) `PJSIP/agent100`; new endpoints start offline, as in the trace. */
  define(
    endpoint: string,
    behaviour: EndpointBehaviour,
    state: 'online' | 'offline' = 'online',
  ): SimEndpoint {
    const [technology = '', resource = ''] = endpoint.split('/');
    if (!technology || !resource) throw new Error(`endpoint must look like PJSIP/agent100, got ${endpoint}`);
    const existing = this.endpoints.get(endpoint);
    const defined: SimEndpoint = { technology, resource, state: existing?.state ?? state, behaviour };
    this.endpoints.set(endpoint, defined);
    return defined;
  }

  find(endpoint: string): SimEndpoint | undefined {
    return this.endpoints.get(endpoint);
  }

  list(technology?: string): Record<string, unknown>[] {
    return [...this.endpoints.values()]
      .filter((endpoint) => technology === undefined || endpoint.technology === technology)
      .map((endpoint) => this.describe(endpoint));
  }

  get(technology: string, resource: string): Record<string, unknown> {
    const endpoint = this.endpoints.get(`${technology}/${resource}`);
    if (!endpoint) throw new AriError(404, { message: 'Endpoint not found' });
    return this.describe(endpoint);
  }

  describe(endpoint: SimEndpoint): Record<string, unknown> {
    const prefix = `${endpoint.technology}/${endpoint.resource}-`;
    const channelIds = [...this.asterisk.channels.values()]
      .filter((channel) => channel.name.startsWith(prefix))
      .map((channel) => channel.id);
    return {
      technology: endpoint.technology,
      resource: endpoint.resource,
      state: endpoint.state,
      channel_ids: channelIds,
    };
  }

  /**
   * A phone registers or stops answering qualify: EndpointStateChange → PeerStatusChange →
   * ContactStatusChange, each once per matching subscription (so twice when an app follows both
   * `PJSIP` and `PJSIP/agent100`).
   */
  setState(endpointId: string, state: 'online' | 'offline', contactUri?: string): void {
    const endpoint = this.endpoints.get(endpointId);
    if (!endpoint) throw new Error(`unknown endpoint ${endpointId}`);
    if (endpoint.state === state) return;
    endpoint.state = state;
    const reachable = state === 'online';
    const shown = () => ({ endpoint: this.describe(endpoint) });
    this.emitForEndpoint(endpoint, 'EndpointStateChange', shown);
    this.emitForEndpoint(endpoint, 'PeerStatusChange', () => ({
      ...shown(),
      peer: { peer_status: reachable ? 'Reachable' : 'Unreachable' },
    }));
    this.emitForEndpoint(endpoint, 'ContactStatusChange', () => ({
      ...shown(),
      contact_info: {
        uri: contactUri ?? `sip:${endpoint.resource}@127.0.0.1:5070`,
        contact_status: reachable ? 'Reachable' : 'Unreachable',
        aor: endpoint.resource,
        roundtrip_usec: reachable ? '2611' : '0',
      },
    }));
  }

  private emitForEndpoint(endpoint: SimEndpoint, type: string, fields: () => Record<string, unknown>): void {
    const full = `${endpoint.technology}/${endpoint.resource}`;
    for (const app of this.asterisk.apps.all()) {
      const matches = app.endpointIds.filter((id) => id === full || id === endpoint.technology).length;
      for (let copy = 0; copy < matches; copy++) {
        this.asterisk.deliver([app], buildEvent(type, this.asterisk.clock.nowMs(), fields()));
      }
    }
  }

  // ---- device states -----------------------------------------------------------------------

  updateDeviceState(name: string, state: string): void {
    if (!name.startsWith('Stasis:')) {
      throw new AriError(409, { message: 'Cannot modify a device state not controlled by ARI' });
    }
    const allowed = [
      'NOT_INUSE',
      'INUSE',
      'BUSY',
      'INVALID',
      'UNAVAILABLE',
      'RINGING',
      'RINGINUSE',
      'ONHOLD',
    ];
    if (!allowed.includes(state)) throw new AriError(400, { message: 'Invalid device state' });
    this.deviceStates.set(name, state);
    const apps = this.asterisk.apps.all().filter((app) => app.deviceNames.has(name) || app.subscribeAll);
    const event = buildEvent('DeviceStateChanged', this.asterisk.clock.nowMs(), {
      device_state: { name, state },
    });
    this.asterisk.deliver(apps, event);
  }

  deviceState(name: string): Record<string, string> {
    return { name, state: this.deviceStates.get(name) ?? 'UNKNOWN' };
  }

  deleteDeviceState(name: string): void {
    if (!this.deviceStates.delete(name)) throw new AriError(404, { message: 'Device name is missing' });
  }
}
