import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PromptLibrary } from '../ivr/prompts/library.ts';
import type { DoubleCommand, DoubleMessage } from './ari-double-process.ts';
import { SERVICE_START_TIMEOUT_MS } from './processes.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface AriEventLike {
  type: string;
  args?: string[];
  channel?: { id: string; name?: string; caller?: { number: string } };
  playback?: { media_uri: string; target_uri: string };
  cause?: number;
  [key: string]: unknown;
}

/** The ARI double running as its own process (see ari-double-process.ts). */
export interface DoubleProcess {
  url: string;
  spoolDir: string;
  events: EventEmitter<{ event: [AriEventLike] }>;
  command(command: DoubleCommand): Promise<unknown>;
  stop(): Promise<number | null>;
}

export async function startDoubleProcess(options: {
  username: string;
  password: string;
  app: string;
  spoolDir: string;
  soundsDir: string;
  speed?: number;
}): Promise<DoubleProcess> {
  const child: ChildProcess = fork(join(HERE, 'ari-double-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, E2E_DOUBLE_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const events = new EventEmitter<{ event: [AriEventLike] }>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const ready = new Promise<{ url: string; spoolDir: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the ARI double process did not start in ${SERVICE_START_TIMEOUT_MS / 1000} s`)),
      SERVICE_START_TIMEOUT_MS,
    );
    child.once('exit', (code) => reject(new Error(`the ARI double process exited with ${code}`)));
    child.on('message', (message: DoubleMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === 'event') events.emit('event', message.event as AriEventLike);
      else {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.result);
      }
    });
  });
  const { url, spoolDir } = await ready;
  return {
    url,
    spoolDir,
    events,
    command: (command) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ ...command, id });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/** "When the robot says this, press that" — in order. */
export interface CallerRule {
  when: RegExp;
  keys: string;
}

/**
 * A caller on the line: hears what the IVR plays on its channel (each `sound:hotline/<hash>` is
 * matched to the text the IVR had synthesized — `texts`, from the speech double the IVR process
 * uses), and answers the rules in order, pressing keys as soon as the question starts (the IVR
 * stops its prompt on the first key and keeps keys typed ahead).
 */
export class RemoteCaller {
  readonly heard: string[] = [];
  readonly ended: Promise<void>;
  private readonly textsByMedia = new Map<string, string>();
  private ruleIndex = 0;
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly line: DoubleProcess,
    readonly channelId: string,
    private readonly texts: readonly string[],
    private readonly rules: CallerRule[],
  ) {
    this.ended = new Promise((resolve) => {
      const onEvent = (event: AriEventLike) => {
        if (event.type === 'PlaybackStarted' && event.playback?.target_uri === `channel:${channelId}`) {
          this.hear(event.playback.media_uri);
        }
        if (event.type === 'StasisEnd' && event.channel?.id === channelId) {
          line.events.off('event', onEvent);
          resolve();
        }
      };
      line.events.on('event', onEvent);
    });
  }

  static async dial(
    line: DoubleProcess,
    callerNumber: string,
    texts: readonly string[],
    rules: CallerRule[],
  ): Promise<RemoteCaller> {
    const { channelId } = (await line.command({ op: 'inboundCall', callerNumber })) as { channelId: string };
    return new RemoteCaller(line, channelId, texts, rules);
  }

  private hear(mediaUri: string): void {
    if (!this.textsByMedia.has(mediaUri)) {
      for (const text of this.texts) this.textsByMedia.set(`sound:${PromptLibrary.soundName(text)}`, text);
    }
    const text = this.textsByMedia.get(mediaUri) ?? `(unknown sound ${mediaUri})`;
    this.heard.push(text);
    const rule = this.rules[this.ruleIndex];
    if (rule?.when.test(text)) {
      this.ruleIndex += 1;
      void this.line.command({ op: 'sendDtmf', channelId: this.channelId, digits: rule.keys });
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once the caller heard a phrase matching `what`. */
  async until(what: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.heard.find((text) => what.test(text));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the caller never heard ${what}; heard:\n${this.heard.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  get answeredAll(): boolean {
    return this.ruleIndex === this.rules.length;
  }

  hangup(): Promise<unknown> {
    return this.line.command({ op: 'hangup', channelId: this.channelId });
  }
}
