import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseWav, resamplePcm } from './resample.ts';
import type { Synthesizer } from './synthesizer.ts';

/** Where `command` is on PATH, or undefined. */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface EspeakOptions {
  /** The espeak-ng binary (default: found on PATH). */
  binary?: string;
  /** espeak-ng voice; Debian's espeak-ng-data ships `ru`. */
  voice?: string;
  /** Words per minute (espeak-ng's default is 175; slower is clearer on the phone). */
  wordsPerMinute?: number;
  timeoutMs?: number;
  /** Phrases synthesized at once (each is one espeak-ng process). */
  concurrency?: number;
}

/**
 * Local speech synthesis with Debian's espeak-ng, so a demo speaks without a speech engine: the
 * text goes in on stdin (never on the command line, where `ps` would show an amount or an
 * address), `-w` writes a 22,050 Hz WAV that is resampled to the 8 kHz 16-bit mono PCM of the
 * `hotline.speech.v1` synthesis contract.
 */
export function createEspeakSynthesizer(options: EspeakOptions = {}): Synthesizer {
  const binary = options.binary ?? findOnPath('espeak-ng');
  if (!binary) throw new Error('espeak-ng is not installed (Debian: apt-get install espeak-ng)');
  const voice = options.voice ?? 'ru';
  const speed = String(options.wordsPerMinute ?? 150);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const limit = options.concurrency ?? 2;
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
  };
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };

  async function run(text: string): Promise<Buffer> {
    const dir = await mkdtemp(join(tmpdir(), 'hotline-espeak-'));
    const file = join(dir, 'phrase.wav');
    try {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(binary!, ['-v', voice, '-s', speed, '-w', file, '--stdin'], {
          stdio: ['pipe', 'ignore', 'pipe'],
          timeout: timeoutMs,
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr = (stderr + chunk.toString('utf8')).slice(-500);
        });
        child.on('error', reject);
        child.on('close', (code, signal) => {
          if (code === 0) return resolve();
          // stderr names the problem (unknown voice…), never the text.
          reject(new Error(`espeak-ng failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
        });
        child.stdin.on('error', () => undefined); // reported through 'close'
        child.stdin.end(text, 'utf8');
      });
      const wav = parseWav(await readFile(file));
      return resamplePcm(wav.pcm, wav.sampleRate, wav.channels);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    async synthesize(text: string): Promise<Buffer> {
      if (!text.trim()) throw new Error('speech synthesis: text is empty');
      await slot();
      try {
        return await run(text);
      } finally {
        release();
      }
    },
  };
}
