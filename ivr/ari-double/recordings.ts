import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AriError, type SimulatedAsterisk, splitTarget } from './asterisk.ts';
import type { SimChannel } from './channel.ts';
import type { CancelTimer } from './clock.ts';
import { silentWav, wavLengthMs } from './wav.ts';

/** The beep Asterisk plays before recording when `beep=true` (sounds/beep, 0.25 s). */
const BEEP_MS = 250;
const FORMATS = new Set(['wav', 'gsm', 'ulaw', 'alaw', 'sln', 'g722', 'wav16']);

export interface RecordOptions {
  name: string;
  format: string;
  maxDurationSeconds?: number;
  ifExists?: string;
  beep?: boolean;
  terminateOn?: string;
}

class LiveRecording {
  state: 'queued' | 'recording' | 'paused' | 'done' = 'queued';
  startedMs = 0;
  pausedMs = 0;
  pausedAtMs: number | null = null;
  stopTimer: CancelTimer | undefined;

  constructor(
    readonly name: string,
    readonly format: string,
    readonly targetUri: string,
    readonly options: RecordOptions,
  ) {}

  snapshot(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const state = this.state === 'paused' ? 'paused' : this.state;
    return { name: this.name, format: this.format, state, target_uri: this.targetUri, ...extra };
  }
}

/**
 * Live recordings and the stored files they leave in `<spool>/recording/<name>.<format>`.
 * Observed: RecordingStarted has no duration; RecordingFinished adds whole seconds; `cancel` is
 * RecordingFinished with duration 0 and no file; `terminateOn` finishes right after the digit's
 * ChannelDtmfReceived; pause/mute produce no events.
 */
export class Recordings {
  private readonly live = new Map<string, LiveRecording>();
  readonly directory: string;

  constructor(
    private readonly asterisk: SimulatedAsterisk,
    spoolDir: string,
  ) {
    this.directory = join(spoolDir, 'recording');
    mkdirSync(this.directory, { recursive: true });
    asterisk.hooks.push({ stage: 3, beforeStasisEnd: (channel) => this.targetGone(`channel:${channel.id}`) });
  }

  record(targetUri: string, options: RecordOptions): Record<string, unknown> {
    if (!options.name) throw new AriError(400, { message: 'Recording name is required' });
    if (!FORMATS.has(options.format)) throw new AriError(422, { message: 'Recording format not supported' });
    if (!/^[\w.@-]+$/.test(options.name) || options.name.includes('..')) {
      throw new AriError(400, { message: 'Invalid recording name' });
    }
    const ifExists = options.ifExists ?? 'fail';
    if (this.live.has(options.name) || (ifExists === 'fail' && this.storedFormat(options.name))) {
      throw new AriError(409, {
        message: `Recording '${options.name}' already exists and can not be overwritten`,
      });
    }
    const recording = new LiveRecording(options.name, options.format, targetUri, options);
    const reply = recording.snapshot();
    this.live.set(recording.name, recording);
    recording.state = 'recording';
    recording.startedMs = this.asterisk.clock.nowMs();
    this.asterisk.emitForTarget('RecordingStarted', targetUri, { recording: recording.snapshot() });
    const maxMs = (options.maxDurationSeconds ?? 0) * 1000;
    if (maxMs > 0) {
      const leadMs = options.beep ? BEEP_MS : 0;
      recording.stopTimer = this.asterisk.clock.setTimer(leadMs + maxMs, () => this.finish(recording));
    }
    return reply;
  }

  getLive(name: string): Record<string, unknown> {
    return this.liveOrThrow(name).snapshot();
  }

  stop(name: string): void {
    this.finish(this.liveOrThrow(name));
  }

  cancel(name: string): void {
    const recording = this.liveOrThrow(name);
    this.end(recording);
    this.asterisk.emitForTarget('RecordingFinished', recording.targetUri, {
      recording: recording.snapshot({ duration: 0 }),
    });
  }

  pause(name: string, paused: boolean): void {
    const recording = this.liveOrThrow(name);
    const now = this.asterisk.clock.nowMs();
    if (paused && recording.pausedAtMs === null) {
      recording.pausedAtMs = now;
      recording.state = 'paused';
    } else if (!paused && recording.pausedAtMs !== null) {
      recording.pausedMs += now - recording.pausedAtMs;
      recording.pausedAtMs = null;
      recording.state = 'recording';
    }
  }

  /** Mute keeps time running and writes silence: nothing to model beyond accepting it. */
  mute(name: string): void {
    this.liveOrThrow(name);
  }

  /** Called after a ChannelDtmfReceived has been emitted. */
  dtmfReceived(channel: SimChannel, digit: string): void {
    for (const recording of [...this.live.values()]) {
      if (recording.targetUri !== `channel:${channel.id}`) continue;
      const terminateOn = recording.options.terminateOn ?? 'none';
      if (terminateOn === 'any' || (terminateOn !== 'none' && terminateOn.includes(digit))) {
        this.finish(recording);
      }
    }
  }

  private targetGone(targetUri: string): void {
    for (const recording of [...this.live.values()]) {
      if (recording.targetUri === targetUri) this.finish(recording);
    }
  }

  private liveOrThrow(name: string): LiveRecording {
    const recording = this.live.get(name);
    if (!recording) throw new AriError(404, { message: 'Recording not found' });
    return recording;
  }

  private end(recording: LiveRecording): void {
    recording.stopTimer?.();
    recording.state = 'done';
    this.live.delete(recording.name);
  }

  /** Audio time: after the beep, only while the far end sends frames, minus pauses, capped. */
  private finish(recording: LiveRecording): void {
    const now = this.asterisk.clock.nowMs();
    if (recording.pausedAtMs !== null) recording.pausedMs += now - recording.pausedAtMs;
    let audioFromMs = recording.startedMs + (recording.options.beep ? BEEP_MS : 0);
    const [kind, id] = splitTarget(recording.targetUri);
    const channel = kind === 'channel' ? this.asterisk.channels.get(id) : undefined;
    if (channel) audioFromMs = Math.max(audioFromMs, channel.framesFromMs);
    let audioMs = Math.max(0, now - audioFromMs - recording.pausedMs);
    const maxMs = (recording.options.maxDurationSeconds ?? 0) * 1000;
    if (maxMs > 0) audioMs = Math.min(audioMs, maxMs);
    this.end(recording);
    writeFileSync(this.pathOf(recording.name, recording.format), silentWav(audioMs));
    this.asterisk.emitForTarget('RecordingFinished', recording.targetUri, {
      recording: recording.snapshot({ duration: Math.floor(audioMs / 1000) }),
    });
  }

  // ---- stored recordings -------------------------------------------------------------------

  private pathOf(name: string, format: string): string {
    return join(this.directory, `${name}.${format}`);
  }

  /** The stored file's format, or undefined when there is no such recording. */
  storedFormat(name: string): string | undefined {
    for (const file of readdirSync(this.directory)) {
      const dot = file.lastIndexOf('.');
      if (dot > 0 && file.slice(0, dot) === name) return file.slice(dot + 1);
    }
    return undefined;
  }

  listStored(): Record<string, string>[] {
    return readdirSync(this.directory)
      .filter((file) => file.includes('.') && statSync(join(this.directory, file)).isFile())
      .sort()
      .map((file) => ({
        name: file.slice(0, file.lastIndexOf('.')),
        format: file.slice(file.lastIndexOf('.') + 1),
      }));
  }

  getStored(name: string): Record<string, string> {
    const format = this.storedFormat(name);
    if (!format) throw new AriError(404, { message: 'Recording not found' });
    return { name, format };
  }

  storedFile(name: string): Buffer {
    const { format } = this.getStored(name);
    return readFileSync(this.pathOf(name, format as string));
  }

  /** Length of a stored recording for `recording:<name>` playback; undefined when missing. */
  storedLengthMs(name: string): number | undefined {
    const format = this.storedFormat(name);
    if (!format) return undefined;
    return format === 'wav' ? wavLengthMs(readFileSync(this.pathOf(name, format))) : 1000;
  }

  deleteStored(name: string): void {
    const { format } = this.getStored(name);
    rmSync(this.pathOf(name, format as string));
  }

  copyStored(name: string, destination: string): Record<string, string> {
    const { format } = this.getStored(name);
    if (!destination || !/^[\w.@-]+$/.test(destination)) {
      throw new AriError(400, { message: 'Invalid destination recording name' });
    }
    if (this.storedFormat(destination)) {
      throw new AriError(409, { message: 'A recording with the same name already exists on the system' });
    }
    writeFileSync(this.pathOf(destination, format as string), this.storedFile(name));
    return { name: destination, format: format as string };
  }

  clearLive(): void {
    for (const recording of this.live.values()) recording.stopTimer?.();
    this.live.clear();
  }
}
