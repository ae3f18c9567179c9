import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectQueue } from '../../../agent-desktop/server/acd/services/queue-selection.ts';
import { ACCOUNT_NUMBER_PATTERN } from '../../accounts/account-number.ts';
import { verifyPassword } from '../../auth/password.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import { CLIENT_TYPES, TOPIC_IDS } from '../../vocabulary/index.ts';
import { withInnChecksum } from '../plan-owner.ts';
import { SeedRefusedError, seedDemo } from '../seeder.ts';
import { demoUsers } from '../users.ts';
import { fingerprint } from './fingerprint.ts';

const ACCOUNTS = 400;
const AS_OF = '2026-11-27';
const options = { accounts: ACCOUNTS, seed: 7, asOf: AS_OF };

let first: TestDatabase;
let second: TestDatabase;
beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await seedDemo(first.pool, options);
});
afterAll(async () => {
  await Promise.all([first?.drop(), second?.drop()]);
});

async function count(db: TestDatabase, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`select (${sql})::int as n`, params);
  return rows[0]!.n;
}

async function schema(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.pool.query<{ item: string }>(
    `select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) as item from pg_constraint
      where connamespace = 'public'::regnamespace
     union all
     select indexdef from pg_indexes where schemaname = 'public'
     order by 1`,
  );
  return rows.map((row) => row.item);
}

describe('determinism', () => {
  it('the same accounts, seed and date give identical rows; another seed gives other rows', async () => {
    const schemaBefore = await schema(second);
    await seedDemo(second.pool, options);
    // keys, indexes and foreign keys dropped for the load are all back, exactly as defined
    expect(await schema(second)).toEqual(schemaBefore);
    const [a, b] = await Promise.all([fingerprint(first.pool), fingerprint(second.pool)]);
    expect(b).toEqual(a);
    expect(a.accounts).toMatch(new RegExp(`:${ACCOUNTS}$`));

    const third = await createTestDatabase();
    try {
      await seedDemo(third.pool, { ...options, seed: 8 });
      const c = await fingerprint(third.pool);
      expect(c.accounts).not.toBe(a.accounts);
      expect(c.meter_readings).not.toBe(a.meter_readings);
      expect(c.users).toBe(a.users); // staff do not depend on the seed
    } finally {
      await third.drop();
    }
  });
});

describe('referential sanity', () => {
  it('every account has exactly one meter and a client; numbers are unique ten-digit numbers', async () => {
    expect(await count(first, 'select count(*) from accounts')).toBe(ACCOUNTS);
    expect(
      await count(
        first,
        'select count(*) from accounts a where (select count(*) from meters m where m.account_id = a.id) <> 1',
      ),
    ).toBe(0);
    const { rows } = await first.pool.query<{ number: string }>('select number from accounts');
    expect(rows.every((row) => ACCOUNT_NUMBER_PATTERN.test(row.number))).toBe(true);
    expect(new Set(rows.map((row) => row.number)).size).toBe(ACCOUNTS);
  });

  it('accepted readings grow month by month in every zone, none exceed the meter', async () => {
    const decreasing = await count(
      first,
      `select count(*) from (
         select value, lag(value) over (partition by meter_id, zone order by taken_at) as previous
           from meter_readings where state = 'accepted') r
        where value < previous`,
    );
    expect(decreasing).toBe(0);
    expect(
      await count(
        first,
        `select count(*) from meter_readings r join meters m on m.id = r.meter_id
                                where r.value >= 10 ^ m.digits`,
      ),
    ).toBe(0);
    // 13 accepted readings per zone: the opening one and one per billed month
    expect(
      await count(
        first,
        `select count(*) from (select meter_id, zone from meter_readings where state = 'accepted'
                                group by 1, 2 having count(*) <> 13) x`,
      ),
    ).toBe(0);
    // a reading's zone belongs to its meter
    expect(
      await count(
        first,
        `select count(*) from meter_readings r join meters m on m.id = r.meter_id
                                where not r.zone = any (m.zones)`,
      ),
    ).toBe(0);
  });

  it('rejected readings carry the reason the validation would give', async () => {
    const { rows } = await first.pool.query<{ reject_reason: string; n: number }>(
      `select reject_reason, count(*)::int as n from meter_readings where state = 'rejected' group by 1`,
    );
    for (const row of rows) expect(['below_previous', 'above_monthly_ceiling']).toContain(row.reject_reason);
    const wrong = await count(
      first,
      `select count(*) from meter_readings r join meters m on m.id = r.meter_id
        where r.state = 'rejected' and not (
          (r.reject_reason = 'below_previous' and r.value < (select max(value) from meter_readings p
             where p.meter_id = r.meter_id and p.zone = r.zone and p.state = 'accepted' and p.taken_at < r.taken_at))
          or (r.reject_reason = 'above_monthly_ceiling' and r.value > m.monthly_ceiling_kwh + (select max(value)
             from meter_readings p where p.meter_id = r.meter_id and p.zone = r.zone and p.state = 'accepted'
              and p.taken_at < r.taken_at)))`,
    );
    expect(wrong).toBe(0);
  });

  it('charged kWh of each zone add up to the meter growth, and amounts are kWh × tariff', async () => {
    const mismatched = await count(
      first,
      `select count(*) from meters m cross join lateral unnest(m.zones) as z(zone)
        where (select coalesce(sum(kwh), 0) from charges c where c.account_id = m.account_id and c.zone = z.zone)
           <> (select max(value) - min(value) from meter_readings r
                where r.meter_id = m.id and r.zone = z.zone and r.state = 'accepted')`,
    );
    expect(mismatched).toBe(0);
    expect(
      await count(first, 'select count(*) from charges where amount_kopecks <> kwh * tariff_kopecks'),
    ).toBe(0);
    expect(await count(first, 'select count(distinct period) from charges')).toBe(12);
    expect(
      await count(
        first,
        `select count(*) from charges where period >= date '2026-11-01' or period < date '2025-11-01'`,
      ),
    ).toBe(0);
    expect(
      await count(
        first,
        `select count(*) from charges where due_date <> (period + interval '1 month 9 days')::date`,
      ),
    ).toBe(0);
  });

  it('payments are positive, happen before the demo date and are credited after being paid', async () => {
    expect(
      await count(first, `select count(*) from payments where paid_at >= timestamptz '2026-11-27 00:00+07'`),
    ).toBe(0);
    expect(await count(first, 'select count(*) from payments where credited_at < paid_at')).toBe(0);
    expect(await count(first, 'select count(*) from payments')).toBeGreaterThan(ACCOUNTS * 8);
  });

  it('debts exist, of varied size, some overdue, and some clients have paid ahead', async () => {
    const { rows } = await first.pool.query<{ debt: number; overdue: number }>(
      `select a.id,
              coalesce((select sum(amount_kopecks) from charges c where c.account_id = a.id), 0)
            - coalesce((select sum(amount_kopecks) from payments p where p.account_id = a.id), 0) as debt,
              coalesce((select sum(amount_kopecks) from charges c where c.account_id = a.id and c.due_date < date '${AS_OF}'), 0)
            - coalesce((select sum(amount_kopecks) from payments p where p.account_id = a.id), 0) as overdue
         from accounts a`,
    );
    const debts = rows.map((row) => Number(row.debt));
    const overdue = rows.filter((row) => Number(row.overdue) > 0).length;
    expect(debts.filter((debt) => debt > 0).length).toBeGreaterThan(ACCOUNTS * 0.1);
    expect(debts.filter((debt) => debt > 0 && debt < 100_000).length).toBeGreaterThan(0); // under 1,000 ₽
    expect(debts.filter((debt) => debt > 1_000_000).length).toBeGreaterThan(0); // over 10,000 ₽
    expect(debts.filter((debt) => debt < 0).length).toBeGreaterThan(0);
    expect(overdue).toBeGreaterThan(ACCOUNTS * 0.05);
    expect(overdue).toBeLessThan(ACCOUNTS * 0.6);
    // supply is restricted only for accounts that owe
    expect(
      await count(
        first,
        `select count(*) from accounts a where restricted and (select sum(amount_kopecks)
      from charges c where c.account_id = a.id) <= coalesce((select sum(amount_kopecks) from payments p
      where p.account_id = a.id), 0)`,
      ),
    ).toBe(0);
  });
});

describe('realistic content', () => {
  it('mostly individuals, with sole traders and organisations', async () => {
    const { rows } = await first.pool.query<{ type: string; n: number }>(
      'select type, count(*)::int as n from clients group by type',
    );
    const byType = Object.fromEntries(rows.map((row) => [row.type, row.n]));
    expect(Object.keys(byType).sort()).toEqual([...CLIENT_TYPES].sort());
    const total = rows.reduce((sum, row) => sum + row.n, 0);
    expect((byType.individual ?? 0) / total).toBeGreaterThan(0.8);
    expect(total).toBeLessThan(ACCOUNTS); // some people hold two accounts (a дача)
  });

  it('surnames agree with the patronymic’s gender', async () => {
    const { rows } = await first.pool.query<{ full_name: string }>(
      `select full_name from clients where type = 'individual'`,
    );
    for (const { full_name } of rows) {
      const [surname, , patronymic] = full_name.split(' ') as [string, string, string];
      const female = /(вна|чна)$/.test(patronymic);
      if (female) expect(surname, full_name).not.toMatch(/(ов|ев|ёв|ин|ын|ский|цкий|ой|ый)$/);
      else expect(surname, full_name).not.toMatch(/(ова|ева|ёва|ина|ына|ая)$/);
    }
  });

  it('addresses are in Khakassia, phones are Russian, INNs carry valid check digits', async () => {
    expect(
      await count(first, `select count(*) from accounts where full_address not like 'Республика Хакасия, %'`),
    ).toBe(0);
    expect(await count(first, `select count(distinct settlement) from accounts`)).toBeGreaterThan(5);
    expect(
      await count(first, `select count(*) from clients, unnest(phones) p where p !~ '^\\+7\\d{10}$'`),
    ).toBe(0);
    expect(
      await count(first, `select count(*) from clients, unnest(phones) p where p ~ '^\\+79(13|23|83)'`),
    ).toBeGreaterThan(0);
    const { rows } = await first.pool.query<{ inn: string }>('select inn from clients where inn is not null');
    expect(rows.length).toBeGreaterThan(0);
    for (const { inn } of rows) expect(withInnChecksum(inn.slice(0, inn.length === 10 ? 9 : 10))).toBe(inn);
  });

  it('consents are recorded per channel; outages are planned and emergency with grid contacts', async () => {
    const { rows } = await first.pool.query<{ channel: string }>(
      'select distinct channel from client_consents',
    );
    expect(rows.map((row) => row.channel).sort()).toEqual([
      'email',
      'online_account',
      'phone',
      'push',
      'sms',
    ]);
    expect(await count(first, `select count(*) from client_consents where not allowed`)).toBeGreaterThan(0);
    expect(await count(first, `select count(distinct kind) from outages`)).toBe(2);
    expect(await count(first, `select count(*) from outages where grid_phone !~ '^\\+7\\d{10}$'`)).toBe(0);
    expect(
      await count(
        first,
        `select count(*) from outages where grid_company like '%Россети Сибирь%Хакасэнерго%'`,
      ),
    ).toBeGreaterThan(0);
  });
});

describe('demo users', () => {
  it('sign in with the documented demo passwords, and only with them', async () => {
    const { rows } = await first.pool.query<{ login: string; password_hash: string; roles: string[] }>(
      'select login, password_hash, roles from users',
    );
    const users = demoUsers();
    expect(rows.map((row) => row.login).sort()).toEqual(users.map((user) => user.login).sort());
    expect(new Set(rows.flatMap((row) => row.roles))).toEqual(
      new Set(['operator', 'supervisor', 'admin', 'quality']),
    );
    for (const user of users) {
      const stored = rows.find((row) => row.login === user.login)!.password_hash;
      expect(stored).toMatch(/^scrypt\$/);
      expect(await verifyPassword(user.password, stored)).toBe(true);
      expect(await verifyPassword(`${user.password}x`, stored)).toBe(false);
    }
  });

  it('have queues to work in: every topic, spoken or written, reaches a queue the operators serve', async () => {
    const { rows: queues } = await first.pool.query<{
      name: string;
      media: 'voice' | 'chat';
      topics: string[];
    }>('select name, media, topics from acd_queues');
    for (const channel of ['phone', 'telegram', 'web']) {
      for (const topic of TOPIC_IDS)
        expect(selectQueue(queues, channel, topic), `${channel}/${topic}`).toBeDefined();
    }
    expect(selectQueue(queues, 'phone', 'balance')).toBe('voice_billing');
    const operators = demoUsers().filter((user) => user.roles.includes('operator')).length;
    expect(await count(first, 'select count(distinct user_id) from acd_agent_skills')).toBe(operators);
    expect(await count(first, 'select count(*) from acd_agent_skills')).toBe(operators * queues.length);
  });
});

describe('a database that already has accounts', () => {
  it('--if-empty leaves it as it is; without it seeding is refused and nothing changes', async () => {
    const before = await fingerprint(first.pool);
    const skipped = await seedDemo(first.pool, { ...options, seed: 99, ifEmpty: true });
    expect(skipped).toMatchObject({ skipped: true, existingAccounts: ACCOUNTS, createdUsers: [] });
    await expect(seedDemo(first.pool, { ...options, seed: 99 })).rejects.toThrow(SeedRefusedError);
    expect(await fingerprint(first.pool)).toEqual(before);
  });
});

describe('a failed seed', () => {
  it('leaves no rows behind and every constraint and index in place', async () => {
    const db = await createTestDatabase();
    try {
      const schema = `select (select count(*) from pg_constraint where conrelid::regclass::text in
          ('accounts', 'meters', 'meter_readings', 'charges', 'payments', 'client_consents'))::int as constraints,
          (select count(*) from pg_indexes where schemaname = 'public')::int as indexes`;
      const before = (await db.pool.query(schema)).rows[0];
      await db.pool.query(`create function fail_payment() returns trigger language plpgsql as $$
        begin raise exception 'simulated failure while loading payments'; end $$`);
      await db.pool.query(
        'create trigger fail_payment before insert on payments for each row execute function fail_payment()',
      );
      await expect(seedDemo(db.pool, { ...options, accounts: 30 })).rejects.toThrow(/simulated failure/);
      expect(await count(db, 'select count(*) from clients')).toBe(0);
      expect(await count(db, 'select count(*) from accounts')).toBe(0);
      expect(await count(db, 'select count(*) from meter_readings')).toBe(0);
      expect(await count(db, 'select count(*) from users')).toBe(0);
      expect((await db.pool.query(schema)).rows[0]).toEqual(before);
    } finally {
      await db.drop();
    }
  });

  it('refuses bad options before touching the database', async () => {
    const db = await createTestDatabase();
    try {
      await expect(seedDemo(db.pool, { ...options, accounts: 0 })).rejects.toThrow(
        /accounts must be a whole number from 1/,
      );
      await expect(seedDemo(db.pool, { ...options, accounts: 1.5 })).rejects.toThrow(RangeError);
      await expect(seedDemo(db.pool, { ...options, asOf: '2026-02-30' })).rejects.toThrow(/no such date/);
      await expect(seedDemo(db.pool, { ...options, asOf: '27.11.2026' })).rejects.toThrow(/YYYY-MM-DD/);
      expect(await count(db, 'select count(*) from users')).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
