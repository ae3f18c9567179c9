/**
 * Dialer benchmark (issue 7 targets): plan a 1,000,000-contact campaign (audience expansion in
 * PostgreSQL + first allowed instant per contact + one delayed BullMQ job each) in < 60 s; then
 * dispatch throughput with a no-op channel against raw BullMQ throughput (a no-op processor, the
 * same concurrency), measured side by side in this run. Scratch database and Redis prefix; the
 * last line is one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { PgBilling } from '../../core/billing/index.ts';
import { createPool } from '../../core/db/index.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';
import { startPlanWorker } from '../../dialer/bullmq/planner.ts';
import { DialerQueues } from '../../dialer/bullmq/queues.ts';
import { DEFAULT_BATCHES, DEFAULT_LIMITS, startChannelWorkers } from '../../dialer/bullmq/workers.ts';
import type { ChannelSender } from '../../dialer/channels/channel.ts';
import { createContactPolicy } from '../../dialer/policy/index.ts';
import { CampaignService } from '../../dialer/services/campaigns.ts';
import type { DialerDeps } from '../../dialer/services/deps.ts';
import { createScratchDatabase, machine, numberFlag, printFigures, round } from '../lib/index.ts';

const CONTACTS = numberFlag(process.argv, '--contacts', 1_000_000);
const DISPATCH = numberFlag(process.argv, '--dispatch', 20_000);
/** Jobs at once, the same for the dispatch and the raw run: production's for the no-op's channel. */
const CONCURRENCY = numberFlag(process.argv, '--concurrency', DEFAULT_LIMITS.push.concurrency);
/** Batches in flight per channel worker (production default: DEFAULT_BATCHES). */
const PARALLEL = numberFlag(process.argv, '--parallel', DEFAULT_BATCHES.push.parallel);
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('run with `npm run bench -- dialer` (sets REDIS_URL and DATABASE_URL)');

const ZONES = ['Asia/Krasnoyarsk', 'Asia/Novosibirsk', 'Asia/Irkutsk', 'Europe/Moscow'];
const prefix = `bench${randomBytes(4).toString('hex')}`;
const connection = { url: redisUrl, maxRetriesPerRequest: null };
const db = await createScratchDatabase('dialer');
// As the service runs: a pool wide enough for the workers' concurrency.
const pool = createPool(db.url, { max: 16, applicationName: 'bench-dialer' });
const queues = new DialerQueues(connection, prefix, systemClock);
const noop: ChannelSender = {
  channel: 'push',
  send: async () => ({ kind: 'finished', outcome: 'positive', detail: 'noop' }),
};
const deps: DialerDeps = {
  pool,
  billing: new PgBilling(pool),
  policy: createContactPolicy(),
  clock: systemClock,
  senders: { push: noop },
  enqueue: queues.enqueue,
  enqueuePlan: queues.enqueuePlan,
};
const campaigns = new CampaignService(deps);

try {
  let started = performance.now();
  // Clients in four zones, each with an overdue charge; the dispatch set lives in its own area.
  await db.pool.query(
    `insert into clients (id, type, full_name, phones, time_zone)
     select g, 'individual', 'Клиент ' || g, array['+7913' || lpad(g::text, 7, '0')], ($2::text[])[1 + g % 4]
       from generate_series(1, $1::int) g`,
    [CONTACTS, ZONES],
  );
  await db.pool.query(
    `insert into accounts (id, number, client_id, owner_full_name, area, settlement, house, full_address)
     select g, (1900000000 + g)::text, g, 'Клиент ' || g, case when g <= $2 then 'Бенч' else 'Абакан' end,
            'г. Абакан', '1', 'г. Абакан, д. 1'
       from generate_series(1, $1::int) g`,
    [CONTACTS, DISPATCH],
  );
  await db.pool.query(
    `insert into charges (account_id, period, zone, kwh, tariff_kopecks, amount_kopecks, due_date)
     select g, '2026-09-01', 'single', 100, 600, 60000 + g % 1000, '2026-10-10' from generate_series(1, $1::int) g`,
    [CONTACTS],
  );
  await db.pool.query('analyze');
  const seedS = (performance.now() - started) / 1000;
  console.log(`seeded ${CONTACTS} clients/accounts/charges in ${round(seedS, 1)} s`);

  const window = { startsAt: new Date(), endsAt: new Date(Date.now() + 30 * 86_400_000) };
  const big = await campaigns.create(
    {
      name: 'Долг: миллион',
      purpose: 'debt_reminder',
      channels: ['sms'],
      audience: { kind: 'filter', minOverdueRubles: 100, overdueDays: 10 },
      templates: { sms: 'Долг по л/с {{account}}: {{amount}} руб.' },
      ...window,
    },
    'bench',
  );
  started = performance.now();
  await campaigns.schedule(big.id, 'bench');
  const expandedS = (performance.now() - started) / 1000;
  const { planned } = await campaigns.start(big.id, 'bench');
  const planS = (performance.now() - started) / 1000;
  const queued = await queues.plan.queue.count();
  console.log(
    `planned ${planned} contacts (${queued} planning jobs queued) in ${round(planS, 1)} s (expansion ${round(expandedS, 1)} s)`,
  );
  await campaigns.stop(big.id, 'bench');
  await queues.plan.queue.obliterate({ force: true });

  // Dispatch: a no-op channel through the whole path (goal, standing, claim, result, policy).
  const small = await campaigns.create(
    {
      name: 'Информирование',
      purpose: 'information',
      channels: ['push'],
      audience: { kind: 'filter', areas: ['Бенч'] },
      templates: { push: { title: 'Новости', text: 'Новый тариф с 01.01.2027' } },
      ...window,
    },
    'bench',
  );
  await campaigns.schedule(small.id, 'bench');
  await campaigns.start(small.id, 'bench');
  started = performance.now();
  const workers = [
    startPlanWorker(deps, { connection, prefix }),
    ...startChannelWorkers(deps, {
      connection,
      prefix,
      channels: ['push'],
      limits: { push: { concurrency: CONCURRENCY, max: 1_000_000, durationMs: 1000 } },
      batches: { push: { parallel: PARALLEL } },
    }),
  ];
  for (;;) {
    const { rows } = await db.pool.query('select state from campaigns where id = $1', [small.id]);
    if (rows[0].state === 'finished') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const dispatchPerS = DISPATCH / ((performance.now() - started) / 1000);
  await Promise.all(workers.map((w) => w.close()));
  console.log(`dispatched ${DISPATCH} contacts: ${Math.round(dispatchPerS)}/s`);

  // Raw BullMQ: the same number of jobs, a processor that does nothing, the same concurrency.
  // Timed like the dispatch above, which includes queuing its contact jobs (the planning jobs'
  // fan-out): from the first addBulk to the last completion. Processing alone is printed too.
  const raw = new Queue('bench-raw', { connection, prefix });
  let done = 0;
  let firstDoneMs = 0;
  started = performance.now();
  const rawWorker = new Worker('bench-raw', async () => undefined, {
    connection,
    prefix,
    concurrency: CONCURRENCY,
  });
  const finished = new Promise<void>((resolve) => {
    rawWorker.on('completed', () => {
      if (++done === 1) firstDoneMs = performance.now();
      if (done === DISPATCH) resolve();
    });
  });
  for (let i = 0; i < DISPATCH; i += 1000) {
    await raw.addBulk(
      Array.from({ length: Math.min(1000, DISPATCH - i) }, (_, k) => ({
        name: 'noop',
        data: { n: i + k },
        opts: { removeOnComplete: 1000 },
      })),
    );
  }
  await finished;
  const rawMs = performance.now() - started;
  const rawPerS = DISPATCH / (rawMs / 1000);
  const rawProcessPerS = DISPATCH / ((performance.now() - firstDoneMs) / 1000);
  await rawWorker.close();
  await raw.obliterate({ force: true });
  await raw.close();
  console.log(
    `raw BullMQ ${DISPATCH} no-op jobs: ${Math.round(rawPerS)}/s queued and processed (from the first completion ${Math.round(rawProcessPerS)}/s)`,
  );

  printFigures('dialer', {
    contacts: CONTACTS,
    plan_1m_s: round(planS, 1),
    expansion_s: round(expandedS, 1),
    dispatch_per_s: Math.round(dispatchPerS),
    raw_bullmq_per_s: Math.round(rawPerS),
    raw_bullmq_process_only_per_s: Math.round(rawProcessPerS),
    dispatch_vs_raw: round(dispatchPerS / rawPerS, 2),
    dispatch_vs_raw_process_only: round(dispatchPerS / rawProcessPerS, 2),
    concurrency: CONCURRENCY,
    batches_in_flight: PARALLEL,
    ...machine(),
  });
} finally {
  // Leave nothing behind in the shared Redis: the scratch prefix's queues go whole.
  await Promise.all(
    [...Object.values(queues.queues), queues.plan.queue].map((q) => q.obliterate({ force: true })),
  );
  await queues.close();
  await pool.end();
  await db.drop();
}
