import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBilling } from '../../core/billing/index.ts';
import { createPool, type Pool } from '../../core/db/index.ts';
import { readHeartbeats } from '../../core/platform/heartbeat.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { StoppablePostgres } from '../../core/testing/stoppable-postgres.ts';
import { type PlatformProcess, startService } from '../../e2e/processes.ts';
import { SmscDouble } from '../doubles/index.ts';
import { createContactPolicy } from '../policy/index.ts';
import { CampaignService } from '../services/campaigns.ts';
import { eventually } from './harness.ts';

// Wednesday 2026-12-02, 12:00 in Krasnoyarsk: inside the SMS window, not a holiday.
const START = '2026-12-02T12:00:00+07:00';
const CLIENTS = 400;
const phoneOf = (i: number) => `+7913200${String(i).padStart(4, '0')}`;

/**
 * The dialer as its own process (`hotline start dialer`) on a PostgreSQL of the test's own, which
 * is stopped in immediate mode (every connection cut, as a crash) while an SMS campaign is being
 * sent, and started again a few seconds later. The process must stay up, report `degraded`
 * meanwhile, and every client must get exactly one SMS (receipts arriving in the outage are
 * refused and offered again by the SMSC).
 */
describe('the dialer while PostgreSQL goes away and comes back', () => {
  let server: StoppablePostgres;
  let redis: TestRedis;
  let smsc: SmscDouble;
  let pool: Pool;
  let dialer: PlatformProcess | undefined;
  let exits: Array<number | string | null> = [];

  beforeAll(async () => {
    [server, redis, smsc] = await Promise.all([
      StoppablePostgres.create(),
      createTestRedis(),
      SmscDouble.start({
        systemId: 'hotline',
        password: 'secret',
        receipts: { default: { status: 'DELIVRD', delayMs: 200 } },
      }),
    ]);
    pool = createPool(server.url, { max: 2 });
    await pool.query(
      `insert into clients (id, type, full_name, phones, time_zone)
       select i, 'individual', 'Клиент ' || i, array['+7913200' || lpad(i::text, 4, '0')], 'Asia/Krasnoyarsk'
         from generate_series(1, $1::int) as i`,
      [CLIENTS],
    );
    await pool.query(
      `insert into accounts (id, number, client_id, owner_full_name, area, settlement, street, house, full_address)
       select i, (1900000000 + i)::text, i, 'Клиент ' || i, 'Абакан', 'г. Абакан', 'ул. Ленина', '1',
              'г. Абакан, ул. Ленина, д. 1'
         from generate_series(1, $1::int) as i`,
      [CLIENTS],
    );
  }, 120_000);

  afterAll(async () => {
    await dialer?.stop();
    await pool?.end();
    await Promise.all([smsc?.stop(), server?.destroy()]);
    await redis?.cleanup();
  }, 60_000);

  it('stays up, shows degraded, retries, and sends every SMS exactly once', async () => {
    const clock = new ManualClock(START);
    const noQueue = async () => {};
    const campaigns = new CampaignService({
      pool,
      billing: new PgBilling(pool, clock),
      policy: createContactPolicy({}),
      clock,
      senders: {},
      enqueue: noQueue,
      enqueuePlan: noQueue,
    });
    const campaign = await campaigns.create(
      {
        name: 'Информирование',
        purpose: 'information',
        channels: ['sms'],
        audience: { kind: 'filter', areas: ['Абакан'] },
        templates: { sms: 'Офис 31.12 работает до 16:00.' },
        startsAt: START,
        endsAt: '2026-12-05T00:00:00Z',
      },
      'user:1',
    );
    await campaigns.schedule(campaign.id, 'user:1'); // the service's tick starts it

    dialer = await startService('dialer', {
      DATABASE_URL: server.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      SMPP_URL: smsc.url,
      SMPP_SYSTEM_ID: 'hotline',
      SMPP_PASSWORD: 'secret',
      DIALER_TICK_MS: '1000',
      HOTLINE_CLOCK_START: START,
    });
    exits = [];
    dialer.child.once('exit', (code, signal) => exits.push(code ?? signal));
    const dialerHealth = async () =>
      (await readHeartbeats(redis.redis, redis.prefix)).find((item) => item.service === 'dialer');

    // Mid-campaign: some messages out, most still to go.
    await eventually(async () => smsc.messages.length >= 40, 60_000);
    await server.crash();
    const sentAtCrash = smsc.messages.length;
    const degraded = await eventually(async () => {
      const health = await dialerHealth();
      return health?.status === 'degraded' ? health : undefined;
    }, 20_000);
    expect(degraded.details).toMatchObject({ database: 'unavailable' });
    expect(exits).toEqual([]);
    await server.start();

    await eventually(async () => {
      const { rows } = await pool.query<{ n: number }>(
        "select count(*)::int as n from campaign_contacts where campaign_id = $1 and state = 'positive'",
        [campaign.id],
      );
      return rows[0]!.n === CLIENTS;
    }, 120_000);
    expect(exits).toEqual([]);
    expect(sentAtCrash).toBeLessThan(CLIENTS); // the outage did fall inside the campaign

    const perNumber = new Map<string, number>();
    for (const message of smsc.messages)
      perNumber.set(message.destination, (perNumber.get(message.destination) ?? 0) + 1);
    expect(perNumber.size).toBe(CLIENTS);
    expect([...perNumber.values()].every((count) => count === 1)).toBe(true);
    expect(perNumber.has(phoneOf(CLIENTS).slice(1))).toBe(true);

    const { rows: attempts } = await pool.query(
      `select count(*)::int as n, count(*) filter (where result = 'positive' and detail = 'delivered')::int as delivered
         from campaign_attempts where campaign_id = $1`,
      [campaign.id],
    );
    expect(attempts[0]).toEqual({ n: CLIENTS, delivered: CLIENTS });
    await eventually(async () => (await dialerHealth())?.status === 'ok', 20_000);
    expect(await dialer.stop()).toBe(0);
  }, 300_000);
});
