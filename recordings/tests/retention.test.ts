import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/load.ts';
import { createLogger } from '../../core/logging/logger.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { auditLogWriter } from '../db/audit.ts';
import { RecordingIngest } from '../services/ingest.ts';
import { RecordingPurge } from '../services/purge.ts';
import { RetentionPolicy, retentionConfigSchema } from '../services/retention.ts';
import { RecordingVerifier } from '../services/verify.ts';
import { FilesystemStorage } from '../storage/filesystem.ts';
import { insertCall, tempDir, wavBytes, writeSpoolFile } from './fixtures.ts';

let db: TestDatabase;
const logger = createLogger({ name: 'test', level: 'silent' });
const TZ = 'Asia/Krasnoyarsk';

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe('retention policy', () => {
  it('cannot be set below 6 months', () => {
    expect(() => new RetentionPolicy(5, TZ)).toThrow(/below 6 months/);
    expect(() => loadConfig(retentionConfigSchema, { RECORDING_RETENTION_MONTHS: '5' })).toThrow(
      /RECORDING_RETENTION_MONTHS cannot be below 6/,
    );
    expect(() => loadConfig(retentionConfigSchema, { RECORDING_RETENTION_MONTHS: '6.5' })).toThrow(
      /whole number/,
    );
    expect(
      loadConfig(retentionConfigSchema, { RECORDING_RETENTION_MONTHS: '6' }).RECORDING_RETENTION_MONTHS,
    ).toBe(6);
    expect(loadConfig(retentionConfigSchema, {}).RECORDING_RETENTION_MONTHS).toBe(12);
  });

  it('counts calendar months in local time (31 August + 6 months = end of February)', () => {
    const policy = new RetentionPolicy(6, TZ);
    expect(policy.expiresAt(new Date('2026-05-27T03:00:00Z')).toISOString()).toBe('2026-11-27T03:00:00.000Z');
    expect(policy.expiresAt(new Date('2026-08-31T05:00:00Z')).toISOString()).toBe('2027-02-28T05:00:00.000Z');
  });
});

describe('purge at the 6-month boundary', () => {
  async function setup(label: string) {
    const spool = await tempDir(`${label}-spool`);
    const root = await tempDir(`${label}-store`);
    const storage = new FilesystemStorage(root);
    const clock = new ManualClock('2026-05-27T03:00:00Z');
    const ingest = new RecordingIngest(db.pool, storage, clock, logger);
    const record = async (name: string, startedAt: string, appealId?: number) => {
      const callId = await insertCall(db.pool, { startedAt: new Date(startedAt), appealId });
      await writeSpoolFile(spool, `call-${callId}-${name}.wav`, wavBytes(100));
      const { recording } = await ingest.ingest({
        sourcePath: join(spool, `call-${callId}-${name}.wav`),
        sourceName: `call-${callId}-${name}`,
        format: 'wav',
      });
      return recording;
    };
    const purge = new RecordingPurge(
      db.pool,
      storage,
      new RetentionPolicy(6, TZ),
      clock,
      auditLogWriter(db.pool),
    );
    return { root, clock, record, purge, storage };
  }

  it('keeps a recording one second before 6 months and deletes it one second after, with an audit row', async () => {
    const { root, clock, record, purge } = await setup('boundary');
    const recording = await record('a', '2026-05-27T03:00:00Z');

    clock.set('2026-11-27T02:59:59Z');
    expect(await purge.run()).toMatchObject({ purged: 0 });
    expect(await readdir(root, { recursive: true })).toContain(recording.storage_key);

    clock.set('2026-11-27T03:00:01Z');
    expect(await purge.run()).toMatchObject({ purged: 1 });
    expect(await readdir(root, { recursive: true })).not.toContain(recording.storage_key);
    const row = await db.pool.query('select purged_at from recordings where id = $1', [recording.id]);
    expect(row.rows[0].purged_at.toISOString()).toBe('2026-11-27T03:00:01.000Z');
    const audit = await db.pool.query(
      "select actor, action, subject_id from audit_log where action = 'recording.purge' and subject_id = $1",
      [recording.id],
    );
    expect(audit.rows).toEqual([{ actor: 'retention', action: 'recording.purge', subject_id: recording.id }]);
  });

  it('never deletes a recording under legal hold, per recording or through its appeal', async () => {
    const { clock, record, purge, storage } = await setup('hold');
    const held = await record('held', '2025-01-10T03:00:00Z');
    await db.pool.query("update recordings set legal_hold = true, legal_hold_reason = 'суд' where id = $1", [
      held.id,
    ]);
    const appeal = await db.pool.query(
      `insert into appeals (reg_number, channel, kind, description, state, registered_at, deadline_at)
       values ('HOLD-1', 'phone', 'complex', 'жалоба', 'in_progress', now(), now()) returning id`,
    );
    const appealId = appeal.rows[0].id;
    await db.pool.query(
      "insert into appeal_legal_holds (appeal_id, reason, placed_at) values ($1, 'проверка', now())",
      [appealId],
    );
    const viaAppeal = await record('via-appeal', '2025-01-10T03:00:00Z', appealId);
    const free = await record('free', '2025-01-10T03:00:00Z');

    clock.set('2026-11-27T03:00:00Z');
    const report = await purge.run(1);
    expect(report.purged).toBeGreaterThanOrEqual(1);
    expect(report.held).toBe(2);
    expect(await storage.size(held.storage_key)).toBeGreaterThan(0);
    expect(await storage.size(viaAppeal.storage_key)).toBeGreaterThan(0);
    expect(await storage.size(free.storage_key)).toBeUndefined();
  });
});

describe('integrity verification', () => {
  it('reports a corrupted file and a missing one', async () => {
    const spool = await tempDir('verify-spool');
    const root = await tempDir('verify-store');
    const storage = new FilesystemStorage(root);
    const clock = new ManualClock('2026-11-27T03:00:00Z');
    const ingest = new RecordingIngest(db.pool, storage, clock, logger);
    await db.pool.query('update recordings set purged_at = now() where purged_at is null');
    const names = ['v-ok', 'v-corrupt', 'v-missing'];
    const rows = [];
    for (const name of names) {
      await writeSpoolFile(spool, `${name}.wav`, wavBytes(200));
      rows.push(
        (await ingest.ingest({ sourcePath: join(spool, `${name}.wav`), sourceName: name, format: 'wav' }))
          .recording,
      );
    }
    await writeFile(join(root, rows[1]!.storage_key), Buffer.from('RIFF-tampered'));
    await storage.delete(rows[2]!.storage_key);

    const report = await new RecordingVerifier(db.pool, storage, clock).run(10);
    expect(report).toEqual({ checked: 3, ok: 1, mismatches: [rows[1]!.id], missing: [rows[2]!.id] });
    const states = await db.pool.query(
      'select id, integrity from recordings where id = any($1) order by id',
      [rows.map((r) => r.id)],
    );
    expect(Object.fromEntries(states.rows.map((r) => [r.id, r.integrity]))).toEqual({
      [rows[0]!.id]: 'ok',
      [rows[1]!.id]: 'mismatch',
      [rows[2]!.id]: 'missing',
    });
  });
});
