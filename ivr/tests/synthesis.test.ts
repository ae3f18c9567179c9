import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PromptLibrary } from '../prompts/library.ts';
import { IVR_PROMPTS } from '../prompts/ru.ts';
import { createEspeakSynthesizer, findOnPath } from '../speech/espeak.ts';
import { pickSynthesizer } from '../speech/pick.ts';
import { parseWav, resamplePcm } from '../speech/resample.ts';
import { serveSynthesis } from '../speech/synthesis-server.ts';
import { createSynthesisClient } from '../speech/synthesizer.ts';
import { pcmLengthMs, pcmToWav } from '../speech/wav.ts';

/** A sine tone as 16-bit mono PCM. */
function tone(hz: number, rate: number, seconds: number, amplitude = 10_000): Buffer {
  const samples = Math.round(rate * seconds);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    pcm.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  return pcm;
}

function rms(pcm: Buffer, skip = 0): number {
  let sum = 0;
  const n = pcm.length / 2;
  for (let i = skip; i < n - skip; i++) sum += pcm.readInt16LE(i * 2) ** 2;
  return Math.sqrt(sum / Math.max(1, n - 2 * skip));
}

function zeroCrossings(pcm: Buffer): number {
  let count = 0;
  for (let i = 1; i < pcm.length / 2; i++) {
    if (pcm.readInt16LE((i - 1) * 2) < 0 !== pcm.readInt16LE(i * 2) < 0) count += 1;
  }
  return count;
}

describe('resampling to 8 kHz (what Asterisk plays)', () => {
  it('22,050 Hz → 8,000 Hz keeps the length and the pitch of speech-band sound', () => {
    const out = resamplePcm(tone(1_000, 22_050, 1), 22_050);
    expect(out.length / 2).toBe(8_000);
    // 1 kHz = 2,000 zero crossings a second, whatever the rate.
    expect(Math.abs(zeroCrossings(out) - 2_000)).toBeLessThan(10);
    expect(rms(out, 10)).toBeGreaterThan(0.9 * (10_000 / Math.SQRT2));
  });

  it('sound above the telephone band is damped, not folded back into it as aliasing', () => {
    const out = resamplePcm(tone(7_000, 22_050, 1), 22_050);
    expect(rms(out, 10)).toBeLessThan(0.1 * (10_000 / Math.SQRT2));
  });

  it('stereo is mixed down; upsampling interpolates', () => {
    const stereo = Buffer.alloc(8);
    stereo.writeInt16LE(1000, 0);
    stereo.writeInt16LE(3000, 2);
    stereo.writeInt16LE(1000, 4);
    stereo.writeInt16LE(3000, 6);
    expect(resamplePcm(stereo, 8_000, 2).readInt16LE(0)).toBe(2000);
    expect(resamplePcm(tone(500, 4_000, 1), 4_000).length / 2).toBe(8_000);
  });

  it('reads WAV files with extra chunks and refuses what is not 16-bit PCM', () => {
    const wav = pcmToWav(tone(440, 8_000, 0.1));
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([4, 0, 0, 0]), Buffer.from('INFO')]);
    const withList = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]);
    expect(parseWav(withList)).toMatchObject({ sampleRate: 8_000, channels: 1 });
    expect(parseWav(withList).pcm.length).toBe(1_600);
    expect(() => parseWav(Buffer.from('not a wav at all'))).toThrow(/not a WAV/);
    const float = Buffer.from(wav);
    float.writeUInt16LE(3, 20); // IEEE float
    expect(() => parseWav(float)).toThrow(/only 16-bit PCM/);
  });
});

describe('choosing the synthesis', () => {
  it('auto without espeak-ng on PATH keeps the gRPC SynthesisService; espeak demanded fails clearly', () => {
    expect(pickSynthesizer({ engine: 'auto', address: '127.0.0.1:1', path: '/nonexistent' }).engine).toBe(
      'grpc',
    );
    expect(() => pickSynthesizer({ engine: 'espeak', address: '', path: '/nonexistent' })).toThrow(
      /espeak-ng is not on PATH/,
    );
    expect(pickSynthesizer({ engine: 'grpc', address: '127.0.0.1:1' }).engine).toBe('grpc');
  });
});

const espeak = findOnPath('espeak-ng');
if (!espeak)
  console.warn('espeak-ng is not installed: local synthesis tests skipped (apt-get install espeak-ng)');

describe.skipIf(!espeak)('espeak-ng synthesis (local voice)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ivr-espeak-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('auto picks espeak-ng when it is on PATH', () => {
    expect(pickSynthesizer({ engine: 'auto', address: '127.0.0.1:1' }).engine).toBe('espeak');
  });

  it('speaks Russian as 8 kHz 16-bit mono PCM of a plausible length', async () => {
    const text = IVR_PROMPTS.greeting;
    const pcm = await createEspeakSynthesizer().synthesize(text);
    const ms = pcmLengthMs(pcm);
    // 79 characters at about 10–20 characters a second; and it is sound, not silence.
    expect(ms).toBeGreaterThan(3_000);
    expect(ms).toBeLessThan(9_000);
    expect(rms(pcm)).toBeGreaterThan(300);
  });

  it('an empty text is refused before espeak-ng runs', async () => {
    await expect(createEspeakSynthesizer().synthesize('  ')).rejects.toThrow(/empty/);
  });

  it('serves the hotline.speech.v1 synthesis contract; the prompt build step writes playable files', async () => {
    const server = await serveSynthesis({ synthesizer: createEspeakSynthesizer() });
    const client = createSynthesisClient({ address: server.address, deadlineMs: 20_000 });
    try {
      const pcm = await client.synthesize('Задолженность составляет сто двадцать три рубля.');
      expect(rms(pcm)).toBeGreaterThan(300);
      await expect(client.synthesize(' ')).rejects.toThrow(/text must have/);
      const library = new PromptLibrary({ soundsDir: dir, synthesizer: createEspeakSynthesizer() });
      const texts = [IVR_PROMPTS.recordingNotice, IVR_PROMPTS.thanks];
      expect(await library.buildAll(texts)).toBe(2);
      for (const text of texts) {
        const file = join(dir, 'ru', `${PromptLibrary.soundName(text)}.wav`);
        const wav = parseWav(readFileSync(file));
        expect(wav).toMatchObject({ sampleRate: 8_000, channels: 1 });
        expect(pcmLengthMs(wav.pcm)).toBeGreaterThan(1_000);
      }
      // The dialplan's fallback prompt has a fixed name, rewritten when its text changes.
      const named = join(dir, 'ru', 'hotline', 'unavailable.wav');
      expect(await library.buildDialplanPrompts({ unavailable: IVR_PROMPTS.thanks })).toBe(1);
      const short = parseWav(readFileSync(named)).pcm.length;
      expect(await library.buildDialplanPrompts()).toBe(1);
      expect(parseWav(readFileSync(named)).pcm.length).toBeGreaterThan(short);
    } finally {
      client.close?.();
      await server.close();
    }
  });
});
