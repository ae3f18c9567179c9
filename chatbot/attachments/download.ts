import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SNIFF_BYTES } from './limits.ts';

export class FileTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`the file is larger than ${limitBytes} bytes`);
    this.name = 'FileTooLarge';
  }
}

/** A file fetched into a temporary place, to be sniffed and copied into storage, then removed. */
export interface DownloadedFile {
  path: string;
  size: number;
  head: Uint8Array;
  remove(): Promise<void>;
}

export function temporaryPath(): string {
  return join(tmpdir(), `hotline-chat-${randomBytes(8).toString('hex')}`);
}

/**
 * Streams `url` into a temporary file, never holding more than a chunk in memory and stopping as
 * soon as the body passes `maxBytes` (a declared Content-Length over it is refused before reading).
 */
export async function downloadToTemp(
  url: string,
  maxBytes: number,
  timeoutMs = 60_000,
): Promise<DownloadedFile> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`file download answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw new FileTooLarge(maxBytes);
  }
  return saveToTemp(Readable.fromWeb(response.body as never), maxBytes);
}

/** Streams `source` into a temporary file, stopping (and removing it) once it passes `maxBytes`. */
export async function saveToTemp(source: Readable, maxBytes: number): Promise<DownloadedFile> {
  const path = temporaryPath();
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback(size > maxBytes ? new FileTooLarge(maxBytes) : null, chunk);
    },
  });
  try {
    await pipeline(source, limit, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, size, head: await readHead(path), remove: () => rm(path, { force: true }) };
}

export async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
