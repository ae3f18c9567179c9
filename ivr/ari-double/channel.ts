import { ariTimestamp } from './events.ts';

export type ChannelState = 'Down' | 'Ring' | 'Ringing' | 'Up';

export interface CallerId {
  name: string;
  number: string;
}

export interface DialplanLocation {
  context: string;
  exten: string;
  priority: number;
  app_name: string;
  app_data: string;
}

/**
 * How the channel came to be. It decides who hears about it: ARI-created channels (originate,
 * create, externalMedia) stay subscribed after StasisEnd and get ChannelDestroyed; channels that
 * entered from dialplan, and snoop channels, stop at StasisEnd.
 */
export type ChannelOrigin = 'dialplan' | 'originate' | 'create' | 'externalMedia' | 'snoop';

/** One simulated Asterisk channel. Plain state; the engine changes it and emits the events. */
export class SimChannel {
  state: ChannelState;
  caller: CallerId;
  connected: CallerId = { name: '', number: '' };
  dialplan: DialplanLocation;
  readonly vars = new Map<string, string>();
  /** Application the channel is in Stasis with, and its arguments. */
  stasisApp: string | null = null;
  stasisArgs: string[] = [];
  bridgeId: string | null = null;
  /** The other half of a Local channel pair. */
  localPeer: SimChannel | null = null;
  hungUp = false;
  /** CHANNEL(language); a Local pair shares it (real Asterisk showed `ru` on both halves). */
  language = 'en';
  /** From this instant the far end sends audio frames; recordings count audio only after it. */
  framesFromMs = 0;
  /** Set while ARI dials this channel (originate, dial): what Dial events report. */
  dialing: {
    dialstring: string;
    answerDialstring: string;
    answered: boolean;
    cancelTimeout?: () => void;
  } | null = null;
  /** Where an originated channel goes once answered: a Stasis app, or a dialplan location. */
  onAnswer: { app: string; args: string[] } | { context: string; exten: string; priority: number } | null =
    null;
  /** µ-law audio the far end says (call.say), taken 160 bytes at a time by an externalMedia stream. */
  readonly farEndAudio: Buffer[] = [];
  /** µ-law audio that reached this channel's far end from an externalMedia stream (the IVR speaking). */
  readonly heardAudio: Buffer[] = [];
  /** DTMF strings the application sent toward the far end (`POST /channels/{id}/dtmf`). */
  readonly sentDtmf: string[] = [];
  /** Extra variables shown only in the REST reply that asked for them (externalMedia). */
  channelvars: Record<string, string> | undefined;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly origin: ChannelOrigin,
    readonly creationMs: number,
    init: { state: ChannelState; caller?: CallerId; dialplan: DialplanLocation },
  ) {
    this.state = init.state;
    this.caller = init.caller ?? { name: '', number: '' };
    this.dialplan = init.dialplan;
  }

  get technology(): string {
    return this.name.slice(0, this.name.indexOf('/'));
  }

  /** The JSON object ARI shows, taken at the moment of the event. */
  snapshot(withChannelvars = false): Record<string, unknown> {
    const shown: Record<string, unknown> = {
      id: this.id,
      name: this.name,
      state: this.state,
      protocol_id: '',
      caller: { ...this.caller },
      connected: { ...this.connected },
      accountcode: '',
      dialplan: { ...this.dialplan },
      creationtime: ariTimestamp(this.creationMs),
      language: this.language,
    };
    if (withChannelvars && this.channelvars) shown.channelvars = { ...this.channelvars };
    return shown;
  }
}

/** `Local/agent@sim-00000015;1`: the hex counter is per Asterisk run, shared by all Local pairs. */
export function localChannelName(target: string, counter: number, half: 1 | 2): string {
  return `Local/${target}-${counter.toString(16).padStart(8, '0')};${half}`;
}
