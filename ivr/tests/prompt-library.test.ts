import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PromptLibrary } from '../prompts/library.ts';
import { parseWav } from '../speech/resample.ts';
import type { Synthesizer } from '../speech/synthesizer.ts';

const dir = mkdtempSync(join(tmpdir(), 'ivr-prompts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 100 ms of silence per text, answered at once: the two libraries below stay in lockstep. */
const instant: Synthesizer = { synthesize: async () => Buffer.alloc(1_600) };

describe('two prompt libraries on one sounds folder', () => {
  it('synthesize the same new phrase at the same moment: both get the sound, one whole file stays', async () => {
    const text = 'Ориентировочное время ожидания — 2 минуты.';
    const first = new PromptLibrary({ soundsDir: dir, synthesizer: instant });
    const restarted = new PromptLibrary({ soundsDir: dir, synthesizer: instant });
    const media = await Promise.all([first.media(text), restarted.media(text)]);
    const name = PromptLibrary.soundName(text);
    expect(media).toEqual([`sound:${name}`, `sound:${name}`]);
    const folder = join(dir, 'ru', 'hotline');
    expect(readdirSync(folder)).toEqual([`${name.split('/')[1]}.wav`]); // no partial file left
    expect(parseWav(readFileSync(join(folder, `${name.split('/')[1]}.wav`))).pcm.length).toBe(1_600);
  });
});
