import { open } from 'node:fs/promises';

/**
 * Duration of a RIFF/WAVE file from its header (fmt byte rate and data chunk size), without
 * reading the audio. Returns undefined for anything that is not a well-formed WAV.
 */
export async function wavDurationMs(path: string): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    if (
      bytesRead < 12 ||
      header.toString('ascii', 0, 4) !== 'RIFF' ||
      header.toString('ascii', 8, 12) !== 'WAVE'
    ) {
      return undefined;
    }
    let offset = 12;
    let byteRate: number | undefined;
    while (offset + 8 <= bytesRead) {
      const id = header.toString('ascii', offset, offset + 4);
      const size = header.readUInt32LE(offset + 4);
      if (id === 'fmt ' && offset + 16 <= bytesRead) byteRate = header.readUInt32LE(offset + 16);
      if (id === 'data') {
        if (!byteRate) return undefined;
        const { size: fileSize } = await handle.stat();
        // Asterisk leaves the data size at 0 or too large while a recording is open; trust the file.
        const dataBytes = Math.min(size || Number.MAX_SAFE_INTEGER, fileSize - (offset + 8));
        return Math.round((dataBytes / byteRate) * 1000);
      }
      offset += 8 + size + (size % 2);
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
