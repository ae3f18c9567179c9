/** Telephony audio as Asterisk plays it: 8 kHz, 16-bit signed little-endian, mono. */
export const SAMPLE_RATE = 8000;
const BYTES_PER_MS = (SAMPLE_RATE * 2) / 1000;

/** Wraps raw PCM in a WAV header (what Asterisk's `sound:` files are). */
export function pcmToWav(pcm: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

export function pcmLengthMs(pcm: Buffer): number {
  return Math.floor(pcm.length / BYTES_PER_MS);
}

export function silencePcm(lengthMs: number): Buffer {
  return Buffer.alloc(Math.round(lengthMs) * BYTES_PER_MS);
}
