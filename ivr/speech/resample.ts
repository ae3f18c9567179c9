import { SAMPLE_RATE } from './wav.ts';

export interface WavAudio {
  sampleRate: number;
  channels: number;
  /** 16-bit signed little-endian samples, interleaved if several channels. */
  pcm: Buffer;
}

/**
 * Reads a PCM WAV file (what espeak-ng writes: 22050 Hz, 16-bit, mono). Chunks are walked rather
 * than assuming a 44-byte header, since encoders add LIST/fact chunks.
 */
export function parseWav(file: Buffer): WavAudio {
  if (
    file.length < 12 ||
    file.toString('ascii', 0, 4) !== 'RIFF' ||
    file.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    throw new Error('not a WAV file');
  }
  let offset = 12;
  let format: { sampleRate: number; channels: number; bits: number; code: number } | undefined;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const declared = file.readUInt32LE(offset + 4);
    const start = offset + 8;
    // Writers streaming to a pipe leave the data size unknown (0 or 0xFFFFFFFF): take the rest.
    const size = Math.min(declared, file.length - start);
    if (id === 'fmt ') {
      format = {
        code: file.readUInt16LE(start),
        channels: file.readUInt16LE(start + 2),
        sampleRate: file.readUInt32LE(start + 4),
        bits: file.readUInt16LE(start + 14),
      };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data before its format');
      if (format.code !== 1 || format.bits !== 16) {
        throw new Error(`WAV format ${format.code}/${format.bits} bits: only 16-bit PCM is read`);
      }
      const usable = size - (size % (2 * format.channels));
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        pcm: file.subarray(start, start + usable),
      };
    }
    offset = start + size + (size % 2);
  }
  throw new Error('WAV without data');
}

/** Mixes interleaved channels down to one. */
function toMono(pcm: Buffer, channels: number): Int16Array {
  const frames = pcm.length / 2 / channels;
  const mono = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += pcm.readInt16LE((i * channels + c) * 2);
    mono[i] = Math.round(sum / channels);
  }
  return mono;
}

/**
 * 16-bit mono PCM at any rate → 8 kHz (what Asterisk plays). Downsampling averages each output
 * sample's span of input with triangular weights — a cheap low-pass, so 22 kHz synthesis does
 * not fold its upper band into the telephone band as aliasing; upsampling interpolates linearly.
 */
export function resamplePcm(pcm: Buffer, fromRate: number, channels = 1, toRate = SAMPLE_RATE): Buffer {
  if (!Number.isInteger(fromRate) || fromRate <= 0) throw new Error(`bad sample rate ${fromRate}`);
  const input = toMono(pcm, channels);
  const ratio = fromRate / toRate;
  const outLength = Math.floor(input.length / ratio);
  const out = Buffer.alloc(outLength * 2);
  const half = Math.max(1, ratio); // kernel half-width in input samples
  for (let i = 0; i < outLength; i++) {
    const centre = i * ratio;
    let sum = 0;
    let weights = 0;
    const first = Math.max(0, Math.ceil(centre - half));
    const last = Math.min(input.length - 1, Math.floor(centre + half));
    for (let j = first; j <= last; j++) {
      const weight = 1 - Math.abs(j - centre) / half;
      if (weight <= 0) continue;
      sum += input[j]! * weight;
      weights += weight;
    }
    const value = weights > 0 ? sum / weights : 0;
    out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(value))), i * 2);
  }
  return out;
}
