import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/logger.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { MAINTENANCE_QUEUE, startMaintenance } from '../bullmq/maintenance.ts';
import { auditLogWriter } from '../db/audit.ts';
import { searchRecordings } from '../db/repository.ts';
import { searchSchema } from '../schemas/recording.ts';
import { RecordingIngest } from '../services/ingest.ts';
import { RecordingPurge } from '../services/purge.ts';
import { RetentionPolicy } from '../services/retention.ts';
import { RecordingVerifier } from '../services/verify.ts';
import { FilesystemStorage } from '../storage/filesystem.ts';
import { insertCall, insertUser, tempDir, wavBytes, writeSpoolFile } from './fixtures.ts';

let db: TestDatabase;
let redis: TestRedis;
const logger = createLogger({ name: 'test', level: 'silent' });
const clock = new ManualClock('2026-11-27T03:00:00Z');
let ingest: RecordingIngest;
let storage: FilesystemStorage;
let spool: string;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  storage = new FilesystemStorage(await tempDir('maint-store'));
  spool = await tempDir('maint-spool');
  ingest = new RecordingIngest(db.pool, storage, clock, logger);
});
afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

async function record(name: string, call: { startedAt: string; agentId?: number }, ms = 1000) {
  const callId = await insertCall(db.pool, { startedAt: new Date(call.startedAt), agentId: call.agentId });
  await writeSpoolFile(spool, `call-${callId}-${name}.wav`, wavBytes(ms));
  return (
    await ingest.ingest({
      sourcePath: join(spool, `call-${callId}-${name}.wav`),
      sourceName: `call-${callId}-${name}`,
      format: 'wav',
    })
  ).recording;
}

describe('BullMQ maintenance jobs', () => {
  it('schedules purge and verification once, and a purge job reports its counts', async () => {
    const old = await record('old', { startedAt: '2026-01-10T03:00:00Z' });
    const recent = await record('recent', { startedAt: '2026-11-20T03:00:00Z' });
    // BullMQ wants connections that retry forever (maxRetriesPerRequest: null), as the runner's are.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const maintenance = await startMaintenance({
      connection,
      prefix: redis.prefix,
      schedule: {
        purgeCron: '15 3 * * *',
        verifyCron: '45 * * * *',
        verifySample: 10,
        timeZone: 'Asia/Krasnoyarsk',
      },
      purge: new RecordingPurge(
        db.pool,
        storage,
        new RetentionPolicy(6, 'Asia/Krasnoyarsk'),
        clock,
        auditLogWriter(db.pool),
      ),
      verifier: new RecordingVerifier(db.pool, storage, clock),
      logger,
    });
    const events = new QueueEvents(MAINTENANCE_QUEUE, {
      connection: connection.duplicate(),
      prefix: redis.prefix,
    });
    try {
      // A second instance starting up must not add a second schedule.
      await maintenance.queue.upsertJobScheduler(
        'purge-expired',
        { pattern: '15 3 * * *', tz: 'Asia/Krasnoyarsk' },
        { name: 'purge', opts: { removeOnComplete: 50, removeOnFail: 50 } },
      );
      const schedulers = await maintenance.queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(['purge-expired', 'verify-sample']);

      await events.waitUntilReady();
      const job = await maintenance.queue.add('purge', {});
      const report = await job.waitUntilFinished(events, 30_000);
      expect(report).toMatchObject({ purged: 1, held: 0 });
      expect(await storage.size(old.storage_key)).toBeUndefined();
      expect(await storage.size(recent.storage_key)).toBeGreaterThan(0);

      const verify = await maintenance.queue.add('verify', { sample: 10 });
      expect(await verify.waitUntilFinished(events, 30_000)).toMatchObject({ checked: 1, ok: 1 });
    } finally {
      await events.close();
      await maintenance.close();
      connection.disconnect();
    }
  });
});

describe('search', () => {
  it('filters by date range, phone, operator and duration, and pages', async () => {
    const agent = await insertUser(db.pool, 'search-op', ['operator']);
    const a = await record('s1', { startedAt: '2026-11-25T03:00:00Z', agentId: agent }, 2000);
    const b = await record('s2', { startedAt: '2026-11-26T03:00:00Z', agentId: agent }, 500);
    await record('s3', { startedAt: '2026-11-26T05:00:00Z' }, 500);
    const search = (query: Record<string, string>) => searchRecordings(db.pool, searchSchema.parse(query));

    const byAgent = await search({ agentId: String(agent) });
    expect(byAgent.items.map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await search({ agentId: String(agent), minDurationMs: '1000' })).items.map((r) => r.id)).toEqual([
      a.id,
    ]);
    expect(
      (await search({ from: '2026-11-26T00:00:00Z', to: '2026-11-26T04:00:00Z' })).items.map((r) => r.id),
    ).toEqual([b.id]);
    expect((await search({ phone: '+79131234567' })).total).toBeGreaterThanOrEqual(3);
    const page = await search({ agentId: String(agent), pageSize: '1', page: '2' });
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.items.map((r) => r.id)).toEqual([a.id]);
    expect(() => searchSchema.parse({ phone: "'; drop table recordings; --" })).toThrow();
  });
});
