import type { Worker } from 'bullmq';
import { PgBilling } from '../../core/billing/index.ts';
import type { Queryable } from '../../core/db/index.ts';
import { ManualClock } from '../../core/testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import { startPlanWorker } from '../bullmq/planner.ts';
import { DialerQueues } from '../bullmq/queues.ts';
import { type ChannelLimits, startChannelWorkers } from '../bullmq/workers.ts';
import type { ChannelSender } from '../channels/channel.ts';
import type { CampaignActor } from '../db/campaigns.ts';
import { createContactPolicy, holidayCalendarOf, productionHolidays } from '../policy/index.ts';
import type { Campaign, CampaignInput } from '../schemas/campaign.ts';
import { CampaignService } from '../services/campaigns.ts';
import type { DialerDeps } from '../services/deps.ts';
import { CampaignError } from '../services/errors.ts';

export const KRSK = 'Asia/Krasnoyarsk';

export interface Harness {
  db: TestDatabase;
  redis: TestRedis;
  clock: ManualClock;
  deps: DialerDeps;
  queues: DialerQueues;
  campaigns: CampaignService;
  workers: Worker[];
  startWorkers(
    channels: readonly OutboundChannel[],
    options?: {
      limits?: Partial<Record<OutboundChannel, Partial<ChannelLimits>>>;
      lockDurationMs?: number;
      stalledIntervalMs?: number;
    },
  ): Worker[];
  close(): Promise<void>;
}

/** Real PostgreSQL and Redis, a manual clock, the production holiday calendar unless given. */
export async function createHarness(options: { start: string; holidays?: string[] }): Promise<Harness> {
  const db = await createTestDatabase();
  const redis = await createTestRedis();
  const clock = new ManualClock(options.start);
  const connection = { url: redis.url, maxRetriesPerRequest: null } as const;
  const queues = new DialerQueues(connection, redis.prefix, clock);
  const senders: Partial<Record<OutboundChannel, ChannelSender>> = {};
  const deps: DialerDeps = {
    pool: db.pool,
    billing: new PgBilling(db.pool, clock),
    policy: createContactPolicy({
      calendar: options.holidays ? holidayCalendarOf(options.holidays) : productionHolidays(),
      config: { phoneRetryDelayMinutes: 15 },
    }),
    clock,
    senders,
    enqueue: queues.enqueue,
    enqueuePlan: queues.enqueuePlan,
  };
  const workers: Worker[] = [];
  let planning: Worker | undefined;
  return {
    db,
    redis,
    clock,
    deps,
    queues,
    campaigns: new CampaignService(deps),
    workers,
    startWorkers(channels, workerOptions = {}) {
      const started = startChannelWorkers(deps, {
        connection,
        prefix: redis.prefix,
        channels,
        ...workerOptions,
      });
      if (!planning) {
        planning = startPlanWorker(deps, { connection, prefix: redis.prefix });
        workers.push(planning);
      }
      workers.push(...started);
      return started;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close(true)));
      await queues.close();
      await redis.cleanup();
      await db.drop();
    },
  };
}

/** Clients with overdue debt: each gets one account with a charge due `dueDate` and unpaid. */
export async function addDebtor(
  db: Queryable,
  client: {
    id: number;
    phone?: string;
    email?: string;
    timeZone?: string;
    debtKopecks: number;
    dueDate?: string;
  },
): Promise<string> {
  const account = String(1900000000 + client.id);
  await db.query(
    `insert into clients (id, type, full_name, phones, email, time_zone)
     values ($1, 'individual', $2, $3, $4, $5)`,
    [
      client.id,
      `Клиент ${client.id}`,
      client.phone ? [client.phone] : [],
      client.email ?? null,
      client.timeZone ?? KRSK,
    ],
  );
  await db.query(
    `insert into accounts (id, number, client_id, owner_full_name, area, settlement, street, house, full_address)
     values ($1, $2, $1, $3, 'Абакан', 'г. Абакан', 'ул. Ленина', '1', 'г. Абакан, ул. Ленина, д. 1')`,
    [client.id, account, `Клиент ${client.id}`],
  );
  await db.query(
    `insert into charges (account_id, period, zone, kwh, tariff_kopecks, amount_kopecks, due_date)
     values ($1, '2026-10-01', 'single', '100', 600, $2, $3)`,
    [client.id, client.debtKopecks, client.dueDate ?? '2026-11-10'],
  );
  return account;
}

/** Resolves once `probe` holds (polling: results are written by workers in the background). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function contactRows(db: Queryable, campaignId: number) {
  const { rows } = await db.query(
    `select cc.id, cc.client_id, cc.state, cc.next_attempt_at, cc.attempts_total, cc.channel_index, cc.finish_reason
       from campaign_contacts cc where campaign_id = $1 order by cc.id`,
    [campaignId],
  );
  return rows;
}

/** Far enough for every test's attempts (the tests run in December 2026). */
const DEFAULT_ENDS_AT = '2026-12-31T00:00:00Z';

/**
 * The supervisor's steps: create (starting now on the test clock, ending 31.12 unless given),
 * upload the CSV audience if any, schedule, start. `planned` is what the start planned; when a
 * running dialer service's tick started the scheduled campaign first (its start came), the start
 * here is refused «кампания идёт» — that is not a failure: the tick planned it, `planned` is
 * undefined.
 */
export async function runningCampaign(
  h: { campaigns: CampaignService; clock: ManualClock },
  input: Omit<CampaignInput, 'startsAt' | 'endsAt'> & Partial<Pick<CampaignInput, 'startsAt' | 'endsAt'>>,
  options: { csv?: string; actor?: CampaignActor } = {},
): Promise<{ campaign: Campaign; planned: number | undefined }> {
  const actor: CampaignActor = options.actor ?? 'user:1';
  const campaign = await h.campaigns.create(
    { startsAt: h.clock.now().toISOString(), endsAt: DEFAULT_ENDS_AT, ...input } as CampaignInput,
    actor,
  );
  if (options.csv !== undefined) await h.campaigns.uploadAudience(campaign.id, options.csv, actor);
  await h.campaigns.schedule(campaign.id, actor);
  try {
    return { campaign, planned: (await h.campaigns.start(campaign.id, actor)).planned };
  } catch (error) {
    const startedByTick =
      error instanceof CampaignError &&
      error.code === 'invalid_transition' &&
      (await h.campaigns.get(campaign.id)).state !== 'scheduled';
    if (!startedByTick) throw error;
    return { campaign, planned: undefined };
  }
}
