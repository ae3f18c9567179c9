import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/logger.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import type { UserRole } from '../../core/vocabulary/states.ts';
import { auditLogWriter } from '../db/audit.ts';
import { recordingsRouter } from '../http/router.ts';
import type { RecordingRow } from '../schemas/recording.ts';
import { DEFAULT_ACCESS_RULES, type Principal } from '../services/access.ts';
import { RecordingIngest } from '../services/ingest.ts';
import { FilesystemStorage } from '../storage/filesystem.ts';
import { insertCall, insertUser, tempDir, wavBytes, writeSpoolFile } from './fixtures.ts';

let db: TestDatabase;
let server: Server;
let base: string;
let recording: RecordingRow;
let othersRecording: RecordingRow;
const audio = wavBytes(2000);
const users: Record<string, Principal> = {};
type SearchBody = { items: RecordingRow[]; total: number };

beforeAll(async () => {
  db = await createTestDatabase();
  const storage = new FilesystemStorage(await tempDir('http-store'));
  const spool = await tempDir('http-spool');
  const ingest = new RecordingIngest(db.pool, storage, new ManualClock('2026-11-27T03:00:00Z'), silent());
  for (const role of ['operator', 'supervisor', 'admin', 'quality'] as UserRole[]) {
    users[role] = { userId: await insertUser(db.pool, `u-${role}`, [role]), roles: [role] };
  }
  const otherOperator = await insertUser(db.pool, 'u-other', ['operator']);
  const own = await insertCall(db.pool, { agentId: users.operator!.userId });
  await writeSpoolFile(spool, `call-${own}.wav`, audio);
  recording = (
    await ingest.ingest({
      sourcePath: join(spool, `call-${own}.wav`),
      sourceName: `call-${own}`,
      format: 'wav',
    })
  ).recording;
  const other = await insertCall(db.pool, { agentId: otherOperator });
  await writeSpoolFile(spool, `call-${other}.wav`, wavBytes(500));
  othersRecording = (
    await ingest.ingest({
      sourcePath: join(spool, `call-${other}.wav`),
      sourceName: `call-${other}`,
      format: 'wav',
    })
  ).recording;

  const app = express();
  app.set('trust proxy', false);
  app.use(
    recordingsRouter({
      pool: db.pool,
      storage,
      rules: DEFAULT_ACCESS_RULES,
      audit: auditLogWriter(db.pool),
      logger: silent(),
      // Stands in for the desktop's session layer: which signed-in user is asking.
      principalOf: (req) => users[String(req.headers['x-test-role'])],
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.drop();
});

function silent() {
  return createLogger({ name: 'test', level: 'silent' });
}

function get(path: string, role?: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, { headers: { ...(role ? { 'x-test-role': role } : {}), ...headers } });
}

describe('role × action matrix', () => {
  const expectations: Array<[string | undefined, 'own' | 'other' | 'search', number]> = [
    [undefined, 'search', 401],
    [undefined, 'own', 401],
    ['operator', 'search', 200],
    ['operator', 'own', 200],
    ['operator', 'other', 403],
    ['supervisor', 'search', 200],
    ['supervisor', 'own', 200],
    ['supervisor', 'other', 200],
    ['quality', 'search', 200],
    ['quality', 'other', 200],
    ['admin', 'search', 403],
    ['admin', 'own', 403],
  ];
  for (const [role, target, status] of expectations) {
    for (const action of target === 'search' ? ['search'] : ['meta', 'audio', 'download']) {
      it(`${role ?? 'anonymous'} ${action} ${target === 'search' ? '' : `${target} call`} → ${status}`, async () => {
        const id = target === 'other' ? othersRecording.id : recording.id;
        const path =
          action === 'search'
            ? '/recordings'
            : action === 'meta'
              ? `/recordings/${id}`
              : `/recordings/${id}/${action}`;
        const response = await get(path, role);
        expect(response.status).toBe(status);
        await response.arrayBuffer();
      });
    }
  }

  it('an operator searching sees only their own calls', async () => {
    const body = (await (await get('/recordings', 'operator')).json()) as SearchBody;
    expect(body.items.map((item: RecordingRow) => item.id)).toEqual([recording.id]);
    const all = (await (await get('/recordings', 'quality')).json()) as SearchBody;
    expect(all.total).toBe(2);
    expect(all.items[0]).not.toHaveProperty('storage_key');
  });
});

describe('streaming with Range', () => {
  it('serves the whole file with its content type', async () => {
    const response = await get(`/recordings/${recording.id}/audio`, 'quality');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(audio);
  });

  it.each([
    ['bytes=0-43', 0, 43],
    ['bytes=1000-1999', 1000, 1999],
    ['bytes=-100', audio.length - 100 || 0, audio.length - 1],
    ['bytes=3000-', 3000, audio.length - 1],
  ])('%s → 206 with exactly those bytes', async (range, start, end) => {
    const response = await get(`/recordings/${recording.id}/audio`, 'supervisor', { range });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${audio.length}`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(audio.subarray(start, end + 1));
  });

  it.each(['bytes=999999-', 'bytes=500-100', 'bytes=-0', 'bytes=abc'])('%s → 416', async (range) => {
    const response = await get(`/recordings/${recording.id}/audio`, 'supervisor', { range });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${audio.length}`);
  });

  it('download is an attachment named by id only', async () => {
    const response = await get(`/recordings/${recording.id}/download`, 'quality');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${recording.id}.wav"`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(audio);
  });
});

describe('hostile ids', () => {
  it.each([
    '..%2F..%2Fetc%2Fpasswd',
    'rec_..%2F..%2Fx',
    'rec_%00',
    `rec_${'a'.repeat(5000)}`,
    'rec_ABCDEF0123456789abcdef0123456789',
  ])('%s → 400', async (id) => {
    const response = await get(`/recordings/${id}/audio`, 'quality');
    expect(response.status).toBe(400);
  });

  it('an unknown but well-formed id → 404', async () => {
    const response = await get(`/recordings/rec_${'0'.repeat(32)}/audio`, 'quality');
    expect(response.status).toBe(404);
  });
});

describe('audit', () => {
  it('writes who played or downloaded which recording, when, from where and why', async () => {
    await db.pool.query('delete from audit_log');
    await get(
      `/recordings/${recording.id}/audio?reason=${encodeURIComponent('проверка качества')}`,
      'quality',
      {
        range: 'bytes=0-99',
      },
    );
    await get(`/recordings/${recording.id}/download`, 'supervisor');
    await get(`/recordings/${othersRecording.id}/audio`, 'operator');
    const { rows } = await db.pool.query(
      `select user_id, action, subject_id, host(ip) as ip, reason, details from audit_log order by id`,
    );
    expect(rows).toEqual([
      {
        user_id: users.quality!.userId,
        action: 'recording.play',
        subject_id: recording.id,
        ip: '127.0.0.1',
        reason: 'проверка качества',
        details: { range: '0-99' },
      },
      {
        user_id: users.supervisor!.userId,
        action: 'recording.download',
        subject_id: recording.id,
        ip: '127.0.0.1',
        reason: null,
        details: {},
      },
    ]);
  });
});
