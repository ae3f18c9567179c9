import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import ari from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { createLogger } from '../../core/logging/logger.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { acceleratedClock, startAriDouble } from '../../ivr/ari-double/index.ts';
import { RecordingIngest } from '../services/ingest.ts';
import { type AriRecordingFinished, recordingFinishedHandler } from '../stasis/recording-finished.ts';
import { FilesystemStorage } from '../storage/filesystem.ts';
import { insertCall, tempDir } from './fixtures.ts';

let db: TestDatabase;
let spool: string;
let double: Awaited<ReturnType<typeof startAriDouble>>;

beforeAll(async () => {
  db = await createTestDatabase();
  spool = await tempDir('ari-spool');
  await mkdir(join(spool, 'recording'), { recursive: true });
  double = await startAriDouble({
    port: 0,
    username: 'ari',
    password: 'ari',
    app: 'hotline',
    spoolDir: spool,
    clock: acceleratedClock(10),
  });
});
afterAll(async () => {
  await double?.close();
  await db?.drop();
});

describe('ingest from ARI RecordingFinished', () => {
  it('moves the file Asterisk finished into storage, linked to the call, and empties the spool', async () => {
    const storage = new FilesystemStorage(await tempDir('ari-store'));
    const ingest = new RecordingIngest(
      db.pool,
      storage,
      systemClock,
      createLogger({ name: 't', level: 'silent' }),
    );
    const handle = recordingFinishedHandler(ingest, join(spool, 'recording'));
    const client = await ari.connect(double.url, 'ari', 'ari');
    const finished: Promise<AriRecordingFinished> = new Promise((resolve) =>
      client.on('RecordingFinished', (event: AriRecordingFinished) => resolve(event)),
    );
    const started = new Promise<{ id: string }>((resolve) =>
      client.on('StasisStart', (_event: unknown, channel: { id: string }) => resolve(channel)),
    );
    await client.start('hotline');
    const call = double.inboundCall({ callerNumber: '+79131234567', dialplanArgs: ['inbound'] });
    const channel = await started;
    const interactionId = await insertCall(db.pool, { channelId: channel.id });
    const name = `call-${interactionId}`;
    await client.channels.record({ channelId: channel.id, name, format: 'wav', ifExists: 'overwrite' });
    call.say(Buffer.alloc(160 * 50, 0xff));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.recordings.stop({ recordingName: name });
    const event = await finished;
    expect(event.recording).toMatchObject({ name, format: 'wav', target_uri: `channel:${channel.id}` });

    const { recording, created } = await handle(event);
    expect(created).toBe(true);
    expect(recording).toMatchObject({ interaction_id: interactionId, orphan: false, format: 'wav' });
    expect(recording.size_bytes).toBeGreaterThan(44);
    expect(await storage.size(recording.storage_key)).toBe(recording.size_bytes);
    await expect(
      import('node:fs/promises').then((fs) => fs.stat(join(spool, 'recording', `${name}.wav`))),
    ).rejects.toThrow(/ENOENT/);
    call.hangup(16);
    await call.ended;
    client.stop();
  });
});
