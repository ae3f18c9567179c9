import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import { AuditEntryError, auditTrail, recordAudit } from '../audit-log.ts';

let db: TestDatabase;
let userId: number;
beforeAll(async () => {
  db = await createTestDatabase();
  const { rows } = await db.pool.query(
    "insert into users (login, full_name, password_hash, roles) values ('op1', 'Оператор Один', 'x', '{operator}') returning id",
  );
  userId = rows[0].id;
});
afterAll(async () => db?.drop());

describe('recordAudit', () => {
  it('stores who, what, which subject, whose data, from where and why', async () => {
    const at = new Date('2026-11-27T03:00:00Z');
    await recordAudit(db.pool, {
      userId,
      action: 'client.view',
      subjectType: 'client',
      subjectId: 42,
      clientId: 42,
      ip: '10.0.0.7',
      reason: 'звонок клиента',
      at,
    });
    const [entry] = await auditTrail(db.pool, 'client', '42');
    expect(entry).toMatchObject({
      userId,
      actor: `user:${userId}`,
      action: 'client.view',
      subjectId: '42',
      clientId: 42,
      ip: '10.0.0.7',
      reason: 'звонок клиента',
      at,
    });
  });

  it('accepts a named actor without a user (a service)', async () => {
    await recordAudit(db.pool, {
      actor: 'dialer',
      action: 'client.export',
      subjectType: 'campaign',
      subjectId: 'c-1',
      ip: '::1',
    });
    const [entry] = await auditTrail(db.pool, 'campaign', 'c-1');
    expect(entry).toMatchObject({ userId: null, actor: 'dialer', ip: '::1' });
  });

  it('refuses entries without an actor, with a bad ip or a bad action, and writes nothing', async () => {
    const before = await db.pool.query('select count(*)::int as n from audit_log');
    await expect(recordAudit(db.pool, { action: 'client.view', subjectType: 'client' })).rejects.toThrow(
      /needs a userId or an actor/,
    );
    await expect(
      recordAudit(db.pool, { userId, action: 'client.view', subjectType: 'client', ip: '999.1.1.1' }),
    ).rejects.toThrow(AuditEntryError);
    await expect(recordAudit(db.pool, { userId, action: 'view', subjectType: 'client' })).rejects.toThrow(
      /subject.verb/,
    );
    const after = await db.pool.query('select count(*)::int as n from audit_log');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('rolls back with the audited change when written inside its transaction', async () => {
    await expect(
      inTransaction(db.pool, async (client) => {
        await recordAudit(client, {
          userId,
          action: 'client.update',
          subjectType: 'client',
          subjectId: 'tx-1',
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await auditTrail(db.pool, 'client', 'tx-1')).toEqual([]);
  });
});
