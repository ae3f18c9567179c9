import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBilling } from '../../billing/db/pg-billing.ts';
import { startBillingServer } from '../../billing/grpc/server.ts';
import { createBillingClient } from '../../billing/index.ts';
import { CLOSED, fillBillingFixture, IVANOV, NOW, PETROVA } from '../../billing/tests/fixtures.ts';
import { createLogger } from '../../logging/logger.ts';
import { ManualClock } from '../../testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import { SelfService } from '../service.ts';

let db: TestDatabase;
let self: SelfService;
const clock = new ManualClock(NOW);
const knowledge = async (topic: string, variant: string) =>
  topic === 'payment_methods' ? `Оплатить можно картой (${variant}).` : undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  await fillBillingFixture(db.pool);
  self = new SelfService({ billing: new PgBilling(db.pool, clock), knowledge, clock });
});
afterAll(async () => db?.drop());

describe('identification (R-IVR-5)', () => {
  it.each([
    ['Иванов', true],
    ['иванов', true],
    [' ИВАНОВ ', true],
    ['5', true], // apartment
    ['кв. 5', true],
    ['12', true], // house
    ['Петров', false],
    ['7', false],
    ['', false],
  ])('second factor %j → %s', async (secondFactor, ok) => {
    const result = await self.identify({ accountNumber: IVANOV.account, secondFactor });
    expect(result.ok).toBe(ok);
    if (result.ok) {
      expect(result.account).toEqual({
        accountNumber: IVANOV.account,
        ownerShortName: 'Иванов И. И.',
        addressShort: 'ул. Ленина, д. 12',
      });
    } else {
      expect(result.reason).toBe('second_factor_mismatch');
    }
  });

  it('accepts a dictated number with spaces and a house with a letter', async () => {
    expect((await self.identify({ accountNumber: '19 01 000 002', secondFactor: '40 а' })).ok).toBe(true);
    expect((await self.identify({ accountNumber: PETROVA.account, secondFactor: 'Петрова' })).ok).toBe(true);
  });

  it('tells a malformed number from an unknown or closed account', async () => {
    expect(await self.identify({ accountNumber: '12345', secondFactor: 'Иванов' })).toEqual({
      ok: false,
      reason: 'malformed_account',
    });
    expect(await self.identify({ accountNumber: '1999999999', secondFactor: 'Иванов' })).toEqual({
      ok: false,
      reason: 'unknown_account',
    });
    expect(await self.identify({ accountNumber: CLOSED.account, secondFactor: 'Иванов' })).toEqual({
      ok: false,
      reason: 'unknown_account',
    });
  });

  it('finds the accounts linked to a caller number as a hint', async () => {
    const accounts = await self.accountsForPhone('8 913 123-45-67');
    expect(accounts.map((account) => account.accountNumber)).toEqual([IVANOV.account]);
  });
});

describe('personal data after identification', () => {
  it('balance facts', async () => {
    const balance = await self.balance(IVANOV.account);
    // Charged 5 103,00 ₽, credited 2 500,00 ₽ (the 30 November payment is not in yet).
    expect(balance).toMatchObject({ dueKopecks: 260300, overdueKopecks: 260300, advanceKopecks: 0 });
    expect(balance.lastPayment?.amountKopecks).toBe(100000);
  });

  it('submits a two-zone reading and explains a rejected zone', async () => {
    const submission = await self.submitReadings({
      accountNumber: IVANOV.account,
      values: [
        { zone: 'day', value: '12400' },
        { zone: 'night', value: '5050' },
      ],
      channel: 'telegram',
    });
    expect(submission.meterSerial).toBe('SM-100');
    expect(submission.allAccepted).toBe(false);
    expect(submission.results[0]).toMatchObject({ zone: 'day', accepted: true, value: '12400.00' });
    expect(submission.results[1]).toMatchObject({ zone: 'night', accepted: false, code: 'below_previous' });
    expect(submission.results[1]?.explanationRu).toMatch(/меньше/);
  });

  it('outages at the account address: the current ones and the upcoming', async () => {
    const outages = await self.outages({ accountNumber: IVANOV.account });
    expect(outages.map((outage) => [outage.kind, outage.current, outage.reason])).toEqual([
      ['emergency', true, 'Повреждение кабеля'],
      ['planned', true, 'Замена опоры'],
    ]);
  });

  it('reference answers come from the knowledge base', async () => {
    expect(await self.referenceAnswer('payment_methods', 'voice')).toBe('Оплатить можно картой (voice).');
  });
});

describe('over the real billing contract (gRPC)', () => {
  it('works the same with the gRPC client as with the database adapter', async () => {
    const server = await startBillingServer({
      pool: db.pool,
      port: 0,
      clock,
      logger: createLogger({ name: 'test', level: 'silent' }),
    });
    const client = createBillingClient({ address: server.address });
    try {
      const remote = new SelfService({ billing: client, knowledge, clock });
      expect((await remote.identify({ accountNumber: IVANOV.account, secondFactor: 'Иванов' })).ok).toBe(
        true,
      );
      expect(await remote.balance(IVANOV.account)).toEqual(await self.balance(IVANOV.account));
      expect(await remote.identify({ accountNumber: '1999999999', secondFactor: 'x' })).toEqual({
        ok: false,
        reason: 'unknown_account',
      });
    } finally {
      client.close();
      await server.close();
    }
  });
});
