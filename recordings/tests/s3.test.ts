import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashStream } from '../storage/hashing.ts';
import { S3Storage } from '../storage/s3.ts';
import { ObjectMissingError } from '../storage/storage.ts';
import { tempDir, wavBytes } from './fixtures.ts';

// s3rver is an S3-compatible server (real HTTP, SigV4-signed requests from the real AWS SDK).
let server: S3rver;
let storage: S3Storage;
let work: string;

beforeAll(async () => {
  work = await tempDir('s3');
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(work, 'server'),
    configureBuckets: [{ name: 'recordings', configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  storage = new S3Storage({
    bucket: 'recordings',
    endpoint: `http://127.0.0.1:${address.port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    multipartThresholdBytes: 6 * 1024 * 1024,
    partSizeBytes: 5 * 1024 * 1024,
  });
});
afterAll(async () => {
  storage?.destroy();
  await server?.close();
});

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const KEY = '2026/11/27/rec_0123456789abcdef0123456789abcdef.wav';

describe('S3 storage adapter', () => {
  it('puts, sizes, reads whole and ranged, deletes', async () => {
    const bytes = wavBytes(3000);
    const source = join(work, 'a.wav');
    await writeFile(source, bytes);
    const stored = await storage.putFile(KEY, source);
    expect(stored.size).toBe(bytes.length);
    expect(stored.sha256).toBe((await hashStream(createReadStream(source))).sha256);
    expect(await storage.size(KEY)).toBe(bytes.length);
    const whole = await readAll(await storage.read(KEY));
    expect(whole).toEqual(bytes);
    const part = await readAll(await storage.read(KEY, { start: 100, end: 199 }));
    expect(part).toEqual(bytes.subarray(100, 200));
    await storage.delete(KEY);
    expect(await storage.size(KEY)).toBeUndefined();
    await expect(storage.read(KEY)).rejects.toBeInstanceOf(ObjectMissingError);
  });

  it('uploads a large file as a multipart upload that appears whole', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024 + 123);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    const source = join(work, 'big.wav');
    await writeFile(source, big);
    const key = '2026/11/27/rec_fedcba9876543210fedcba9876543210.wav';
    const stored = await storage.putFile(key, source);
    expect(await storage.size(key)).toBe(big.length);
    const { sha256 } = await hashStream(await storage.read(key));
    expect(sha256).toBe(stored.sha256);
  });
});
