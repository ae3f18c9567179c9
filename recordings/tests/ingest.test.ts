import { chmod, mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/logger.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { RecordingConflictError } from '../exceptions.ts';
import { RecordingIngest, recordingIdFor, storageKeyFor } from '../services/ingest.ts';
import { SpoolScanner } from '../services/spool.ts';
import { type AriRecordingFinished, recordingFinishedHandler } from '../stasis/recording-finished.ts';
import { FilesystemStorage } from '../storage/filesystem.ts';
import { insertCall, insertUser, tempDir, wavBytes, writeSpoolFile } from './fixtures.ts';

let db: TestDatabase;
let spool: string;
let storeRoot: string;
let storage: FilesystemStorage;
let ingest: RecordingIngest;
const clock = new ManualClock('2026-11-27T03:00:00Z');
const logger = createLogger({ name: 'test', level: 'silent' });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => {
  spool = await tempDir('spool');
  storeRoot = await tempDir('store');
  storage = new FilesystemStorage(storeRoot);
  ingest = new RecordingIngest(db.pool, storage, clock, logger);
});

async function storedFiles(): Promise<string[]> {
  return (await readdir(storeRoot, { recursive: true })).filter((name) => /\.[a-z0-9]+$/.test(name)).sort();
}

describe('ingest', () => {
  it('moves a finished call recording into storage, checksummed and linked to its call', async () => {
    const agent = await insertUser(db.pool, 'op-ingest', ['operator']);
    const callId = await insertCall(db.pool, { agentId: agent, startedAt: new Date('2026-11-27T02:00:00Z') });
    const bytes = wavBytes(1500);
    const source = await writeSpoolFile(spool, `call-${callId}.wav`, bytes);

    const { recording, created } = await ingest.ingest({
      sourcePath: source,
      sourceName: `call-${callId}`,
      format: 'wav',
    });

    expect(created).toBe(true);
    expect(recording).toMatchObject({
      id: recordingIdFor(`call-${callId}`),
      interaction_id: callId,
      orphan: false,
      caller_number: '+79131234567',
      agent_ids: [agent],
      queue: 'households',
      size_bytes: bytes.length,
      duration_ms: 1500,
      format: 'wav',
    });
    expect(recording.storage_key).toBe(storageKeyFor(recording.id, 'wav', new Date('2026-11-27T02:00:00Z')));
    expect(recording.storage_key.startsWith('2026/11/27/')).toBe(true);
    expect(await readFile(join(storeRoot, recording.storage_key))).toEqual(bytes);
    await expect(stat(source)).rejects.toThrow(/ENOENT/);
    const call = await db.pool.query('select recording_id from interactions where id = $1', [callId]);
    expect(call.rows[0].recording_id).toBe(recording.id);
  });

  it('links by the recorded channel id when the name does not tell the call', async () => {
    const callId = await insertCall(db.pool, { channelId: '1795812829.50' });
    const source = await writeSpoolFile(spool, 'rec-terminate-1795812829298.wav', wavBytes(500));
    const handle = recordingFinishedHandler(ingest, spool);
    // The event exactly as a real Asterisk 22 sent it (shared/ari/traces/recording.jsonl).
    const event: AriRecordingFinished = {
      type: 'RecordingFinished',
      timestamp: '2026-11-27T20:53:56.491+0000',
      recording: {
        name: 'rec-terminate-1795812829298',
        format: 'wav',
        state: 'done',
        target_uri: 'channel:1795812829.50',
        duration: 5,
      },
    };
    const { recording } = await handle(event);
    expect(recording.interaction_id).toBe(callId);
    expect(recording.channel_id).toBe('1795812829.50');
    await expect(stat(source)).rejects.toThrow(/ENOENT/);
  });

  it('keeps a file with no known call and flags it as an orphan', async () => {
    await writeSpoolFile(spool, 'mixmon-unknown-1.wav', wavBytes(200));
    const { recording } = await ingest.ingest({
      sourcePath: join(spool, 'mixmon-unknown-1.wav'),
      sourceName: 'mixmon-unknown-1',
      format: 'wav',
    });
    expect(recording.orphan).toBe(true);
    expect(recording.interaction_id).toBeNull();
    expect(await storedFiles()).toEqual([recording.storage_key]);
  });

  it('is idempotent after a crash between storing and deleting the spool file', async () => {
    const bytes = wavBytes(300, 3);
    await writeSpoolFile(spool, 'crash-a.wav', bytes);
    const first = await ingest.ingest({
      sourcePath: join(spool, 'crash-a.wav'),
      sourceName: 'crash-a',
      format: 'wav',
    });
    // The crash: the spool file was not deleted, so the same file is offered again.
    await writeSpoolFile(spool, 'crash-a.wav', bytes);
    const again = await ingest.ingest({
      sourcePath: join(spool, 'crash-a.wav'),
      sourceName: 'crash-a',
      format: 'wav',
    });
    expect(again.created).toBe(false);
    expect(again.recording.id).toBe(first.recording.id);
    const rows = await db.pool.query(
      "select count(*)::int as n from recordings where source_name = 'crash-a'",
    );
    expect(rows.rows[0].n).toBe(1);
    expect(await storedFiles()).toEqual([first.recording.storage_key]);
    await expect(stat(join(spool, 'crash-a.wav'))).rejects.toThrow(/ENOENT/);
  });

  it('two paths ingesting one file at once (live event and recovery sweep) both succeed, one row', async () => {
    const callId = await insertCall(db.pool, {});
    const first = {
      sourcePath: await writeSpoolFile(spool, `call-${callId}.wav`, wavBytes(800)),
      sourceName: `call-${callId}`,
      format: 'wav',
    };
    const results = await Promise.all([ingest.ingest(first), ingest.ingest(first)]);
    expect(results.map((r) => r.recording.id)).toEqual([
      recordingIdFor(`call-${callId}`),
      recordingIdFor(`call-${callId}`),
    ]);
    // The spool file already removed by the first path: the second finds the row and is done.
    await expect(ingest.ingest(first)).resolves.toMatchObject({ created: false });
    const { rows } = await db.pool.query(
      'select count(*)::int as n from recordings where interaction_id = $1',
      [callId],
    );
    expect(rows[0].n).toBe(1);
    expect(await storedFiles()).toHaveLength(1);
  });

  it('a spool file missing with no row is still an error (nothing was stored)', async () => {
    await expect(
      ingest.ingest({
        sourcePath: join(spool, 'call-missing.wav'),
        sourceName: 'call-missing',
        format: 'wav',
      }),
    ).rejects.toThrow(/ENOENT/);
  });

  it('is idempotent after a crash between storing and recording the row', async () => {
    const bytes = wavBytes(300, 5);
    const source = await writeSpoolFile(spool, 'crash-b.wav', bytes);
    const id = recordingIdFor('crash-b');
    // The crash: the object reached storage, the row did not.
    await storage.putFile(storageKeyFor(id, 'wav', (await stat(source)).mtime), source);
    const { recording, created } = await ingest.ingest({
      sourcePath: source,
      sourceName: 'crash-b',
      format: 'wav',
    });
    expect(created).toBe(true);
    expect(await storedFiles()).toEqual([recording.storage_key]);
  });

  it('leaves nothing under the key when the copy fails midway, and keeps the spool file', async () => {
    const source = await writeSpoolFile(spool, 'broken.wav', wavBytes(300));
    await chmod(source, 0o000);
    const unreadable = process.getuid?.() !== 0; // root reads anyway; use a folder as source then
    const path = unreadable ? source : join(spool, 'dir.wav');
    if (!unreadable) await mkdir(path);
    await expect(ingest.ingest({ sourcePath: path, sourceName: 'broken', format: 'wav' })).rejects.toThrow();
    expect(await storedFiles()).toEqual([]);
    expect((await readdir(storeRoot, { recursive: true })).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect((await db.pool.query("select 1 from recordings where source_name = 'broken'")).rowCount).toBe(0);
    await chmod(source, 0o644);
    expect((await stat(source)).size).toBeGreaterThan(0);
  });

  it('refuses different audio under a name already ingested, keeping both', async () => {
    await writeSpoolFile(spool, 'dup.wav', wavBytes(300, 7));
    await ingest.ingest({ sourcePath: join(spool, 'dup.wav'), sourceName: 'dup', format: 'wav' });
    const other = await writeSpoolFile(spool, 'dup.wav', wavBytes(300, 8));
    await expect(
      ingest.ingest({ sourcePath: other, sourceName: 'dup', format: 'wav' }),
    ).rejects.toBeInstanceOf(RecordingConflictError);
    expect((await stat(other)).size).toBeGreaterThan(0);
  });

  it.each(['../etc/passwd', 'a/b', 'x\u0000y', 'a'.repeat(201), '', '.hidden'])(
    'refuses the hostile source name %j',
    async (name) => {
      const source = await writeSpoolFile(spool, 'hostile.wav', wavBytes(100));
      await expect(ingest.ingest({ sourcePath: source, sourceName: name, format: 'wav' })).rejects.toThrow();
      expect(await storedFiles()).toEqual([]);
    },
  );

  it('refuses an unknown format', async () => {
    const source = await writeSpoolFile(spool, 'x.exe', Buffer.from('MZ'));
    await expect(ingest.ingest({ sourcePath: source, sourceName: 'x', format: 'exe' })).rejects.toThrow(
      /unsupported recording format/,
    );
  });
});

describe('spool folder', () => {
  it('ingests settled files and leaves ones still being written for the next scan', async () => {
    const settled = await writeSpoolFile(spool, 'mixmon-a.wav', wavBytes(100));
    const settledAt = new Date(clock.nowMs() - 10_000);
    await utimes(settled, settledAt, settledAt);
    const busy = await writeSpoolFile(spool, 'mixmon-b.wav', wavBytes(100));
    const now = new Date(clock.nowMs() - 1_000);
    await utimes(busy, now, now);
    await writeFile(join(spool, 'notes.txt'), 'not audio');

    const scanner = new SpoolScanner(spool, ingest, clock, logger, 5_000);
    expect(await scanner.scan()).toEqual({ ingested: 1, skippedBusy: 1, failed: 0 });
    expect((await readdir(spool)).sort()).toEqual(['mixmon-b.wav', 'notes.txt']);

    clock.advance(5_000);
    expect(await scanner.scan()).toEqual({ ingested: 1, skippedBusy: 0, failed: 0 });
    expect(await readdir(spool)).toEqual(['notes.txt']);
    clock.set('2026-11-27T03:00:00Z');
  });
});
