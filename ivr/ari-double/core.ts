import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulatedAsterisk } from './asterisk.ts';
import { Bridges } from './bridges.ts';
import { Calls } from './calls.ts';
import type { DoubleClock } from './clock.ts';
import { Dialplan, defineReferenceDialplan } from './dialplan.ts';
import { Endpoints } from './endpoints.ts';
import { ExternalMedia } from './external-media.ts';
import { Originator } from './originate.ts';
import { type MediaOutcome, Playbacks } from './playbacks.ts';
import { Recordings } from './recordings.ts';
import { wavLengthMs } from './wav.ts';

/**
 * Lengths of the reference prompts in milliseconds (`sounds/en/` of ../shared/ari/README.md,
 * measured from the traces). A sound not listed here does not exist: its playback fails.
 */
export const referenceSounds: Record<string, number> = {
  'demo-congrats': 13_376,
  welcome: 6_000,
  'hello-world': 1_258,
  'please-wait': 2_704,
  goodbye: 1_003,
  'vm-goodbye': 1_003,
  'agent-connected': 2_311,
  beep: 248,
};

export interface CoreOptions {
  clock: DoubleClock;
  asteriskId: string;
  spoolDir: string;
  sounds: Record<string, number>;
  /** A directory of prompt files (`<name>.wav`, `<lang>/<name>.wav`) the IVR plays by name. */
  soundsDir?: string;
}

/** Everything one simulated Asterisk run holds; a restart builds a fresh one. */
export class AriCore {
  readonly asterisk: SimulatedAsterisk;
  readonly playbacks: Playbacks;
  readonly recordings: Recordings;
  readonly bridges: Bridges;
  readonly dialplan: Dialplan;
  readonly calls: Calls;
  readonly endpoints: Endpoints;
  readonly originator: Originator;
  readonly externalMedia: ExternalMedia;
  readonly mailboxes = new Map<string, { old_messages: number; new_messages: number }>();

  constructor(readonly options: CoreOptions) {
    this.asterisk = new SimulatedAsterisk(options.clock, options.asteriskId);
    this.dialplan = new Dialplan(this.asterisk);
    defineReferenceDialplan(this.dialplan);
    this.recordings = new Recordings(this.asterisk, options.spoolDir);
    this.playbacks = new Playbacks(this.asterisk, (uri, language) => this.mediaOutcome(uri, language));
    this.bridges = new Bridges(this.asterisk, this.playbacks);
    this.calls = new Calls(this.asterisk, this.dialplan, this.playbacks, this.recordings, (name) =>
      this.soundLengthMs(name),
    );
    this.endpoints = new Endpoints(this.asterisk);
    this.originator = new Originator(this.asterisk, this.calls, this.dialplan, this.endpoints);
    this.externalMedia = new ExternalMedia(this.asterisk, this.calls);
  }

  /**
   * A sound's length: from the `sounds` table, else from `<soundsDir>/<name>.wav` or
   * `<soundsDir>/<lang>/<name>.wav` (8 kHz 16-bit WAV). Undefined when the sound does not exist.
   */
  soundLengthMs(name: string, language = 'en'): number | undefined {
    const known = this.options.sounds[name];
    if (known !== undefined || !this.options.soundsDir || name.includes('..')) return known;
    for (const file of [
      join(this.options.soundsDir, `${name}.wav`),
      join(this.options.soundsDir, language, `${name}.wav`),
    ]) {
      if (existsSync(file)) return wavLengthMs(readFileSync(file));
    }
    return undefined;
  }

  /** How a media URI plays, per scheme, as observed on Asterisk 22.10.1. */
  mediaOutcome(uri: string, language = 'en'): MediaOutcome {
    const colon = uri.indexOf(':');
    const scheme = colon > 0 ? uri.slice(0, colon) : '';
    const rest = uri.slice(colon + 1);
    switch (scheme) {
      case 'sound': {
        const lengthMs = this.soundLengthMs(rest, language);
        return lengthMs === undefined ? { kind: 'fails' } : { kind: 'plays', lengthMs };
      }
      case 'tone':
        return { kind: 'endless' };
      case 'digits':
      case 'characters':
        return { kind: 'doneAtOnce' };
      case 'number':
        return { kind: 'fails' };
      case 'recording': {
        const lengthMs = this.recordings.storedLengthMs(rest);
        return lengthMs === undefined ? { kind: 'vanishes' } : { kind: 'plays', lengthMs };
      }
      default:
        return { kind: 'vanishes' };
    }
  }

  /** Stops every timer and socket (the double is closing or restarting). */
  shutdown(): void {
    this.externalMedia.stopAll();
    this.dialplan.clear();
    this.playbacks.clear();
    this.recordings.clearLive();
    for (const channel of this.asterisk.channels.values()) {
      channel.hungUp = true;
      channel.dialing?.cancelTimeout?.();
    }
  }
}
