/**
 * The data models the double describes in its Swagger declarations, written as
 * `property: type` lists (`?` = optional). ari-client needs them: it promotes event properties
 * whose type is a known resource (Channel, Bridge, Playback…) to objects with methods, and it
 * fails on an event type that has no model.
 */
type ModelTable = Record<string, string>;

export const resourceModels: Record<string, ModelTable> = {
  asterisk: {
    BuildInfo: 'os: string, kernel: string, options: string, machine: string, date: string, user: string',
    SystemInfo: 'version: string, entity_id: string',
    SetId: 'user: string, group: string',
    ConfigInfo:
      'name: string, default_language: string, max_channels?: int, max_open_files?: int, max_load?: double, setid: SetId',
    StatusInfo: 'startup_time: Date, last_reload_time: Date',
    AsteriskInfo: 'build?: BuildInfo, system?: SystemInfo, config?: ConfigInfo, status?: StatusInfo',
    AsteriskPing: 'asterisk_id: string, ping: string, timestamp: string',
    Module: 'name: string, description: string, use_count: int, status: string, support_level: string',
    Variable: 'value: string',
    Variables: 'variables: object',
  },
  endpoints: {
    Endpoint: 'technology: string, resource: string, state?: string, channel_ids: List[string]',
  },
  channels: {
    DialplanCEP: 'context: string, exten: string, priority: long, app_name: string, app_data: string',
    CallerID: 'name: string, number: string',
    Channel:
      'id: string, protocol_id: string, name: string, state: string, caller: CallerID, connected: CallerID, ' +
      'accountcode: string, dialplan: DialplanCEP, creationtime: Date, language: string, channelvars?: object, ' +
      'caller_rdnis?: string, tenantid?: string',
  },
  bridges: {
    Bridge:
      'id: string, technology: string, bridge_type: string, bridge_class: string, creator: string, name: string, ' +
      'channels: List[string], video_mode?: string, video_source_id?: string, creationtime: Date, bridgevars?: object',
  },
  recordings: {
    StoredRecording: 'name: string, format: string',
    LiveRecording:
      'name: string, format: string, target_uri: string, state: string, duration?: int, talking_duration?: int, ' +
      'silence_duration?: int, cause?: string',
  },
  sounds: {
    FormatLangPair: 'language: string, format: string',
    Sound: 'id: string, text?: string, formats: List[FormatLangPair]',
  },
  playbacks: {
    Playback:
      'id: string, media_uri: string, next_media_uri?: string, target_uri: string, language?: string, state: string',
  },
  deviceStates: { DeviceState: 'name: string, state: string' },
  mailboxes: { Mailbox: 'name: string, old_messages: int, new_messages: int' },
  applications: {
    Application:
      'name: string, channel_ids: List[string], bridge_ids: List[string], endpoint_ids: List[string], ' +
      'device_names: List[string], events_allowed: List[object], events_disallowed: List[object]',
  },
};

/** Every event type the double can send, plus the ones ari-client users commonly subscribe to. */
export const eventModels: ModelTable = {
  Message: 'type: string, asterisk_id?: string',
  Event: 'application: string, timestamp: Date',
  ContactInfo: 'uri: string, contact_status: string, aor: string, roundtrip_usec?: string',
  Peer: 'peer_status: string, cause?: string, address?: string, port?: string, time?: string',
  DeviceStateChanged: 'device_state: DeviceState',
  PlaybackStarted: 'playback: Playback',
  PlaybackContinuing: 'playback: Playback',
  PlaybackFinished: 'playback: Playback',
  RecordingStarted: 'recording: LiveRecording',
  RecordingFinished: 'recording: LiveRecording',
  RecordingFailed: 'recording: LiveRecording',
  ApplicationReplaced: '',
  BridgeCreated: 'bridge: Bridge',
  BridgeDestroyed: 'bridge: Bridge',
  ChannelCreated: 'channel: Channel',
  ChannelDestroyed: 'cause: int, cause_txt: string, tech_cause?: int, channel: Channel',
  ChannelEnteredBridge: 'bridge: Bridge, channel?: Channel',
  ChannelLeftBridge: 'bridge: Bridge, channel: Channel',
  ChannelStateChange: 'channel: Channel',
  ChannelDtmfReceived: 'digit: string, duration_ms: int, channel: Channel',
  ChannelDialplan: 'channel: Channel, dialplan_app: string, dialplan_app_data: string',
  ChannelCallerId: 'caller_presentation: int, caller_presentation_txt: string, channel: Channel',
  ChannelHangupRequest: 'cause?: int, tech_cause?: int, soft?: boolean, channel: Channel',
  ChannelVarset: 'variable: string, value: string, channel?: Channel',
  ChannelHold: 'channel: Channel, musicclass?: string',
  ChannelUnhold: 'channel: Channel',
  ChannelConnectedLine: 'channel: Channel',
  ContactStatusChange: 'endpoint: Endpoint, contact_info: ContactInfo',
  PeerStatusChange: 'endpoint: Endpoint, peer: Peer',
  EndpointStateChange: 'endpoint: Endpoint',
  Dial: 'caller?: Channel, peer: Channel, forward?: string, forwarded?: Channel, dialstring?: string, dialstatus: string',
  StasisEnd: 'channel: Channel',
  StasisStart: 'args: List[string], channel: Channel, replace_channel?: Channel',
};

export interface SwaggerModel {
  id: string;
  properties: Record<string, { type: string; required: boolean }>;
}

export function buildModels(table: ModelTable): Record<string, SwaggerModel> {
  const models: Record<string, SwaggerModel> = {};
  for (const [id, spec] of Object.entries(table)) {
    const properties: SwaggerModel['properties'] = {};
    for (const part of spec
      .split(',')
      .map((text) => text.trim())
      .filter(Boolean)) {
      const colon = part.indexOf(':');
      const rawName = part.slice(0, colon).trim();
      const optional = rawName.endsWith('?');
      properties[optional ? rawName.slice(0, -1) : rawName] = {
        type: part.slice(colon + 1).trim(),
        required: !optional,
      };
    }
    models[id] = { id, properties };
  }
  return models;
}
