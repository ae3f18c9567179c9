import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { SmscDouble } from '../../dialer/doubles/index.ts';
import { type SpeechDouble, startSpeechDouble } from '../../ivr/speech/double.ts';
import { type DoubleProcess, startDoubleProcess } from '../phone-line.ts';
import { type PlatformProcess, startService } from '../processes.ts';

/**
 * The campaign scenario at a simulated 19:55 in Krasnoyarsk (UTC+7) on Wednesday
 * 30 December 2026 — the day before the New Year holidays (31 December is a day off by decree,
 * 1–8 January are holidays): the dialer runs as its own process on the platform's simulated clock
 * (HOTLINE_CLOCK_START / HOTLINE_CLOCK_RATE, 60 simulated seconds per real second), the
 * campaigns are made with the `hotline campaign` CLI, the SMS gateway is the SMSC double and the
 * telephone network the ARI double process.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const RATE = 60;
const CLOCK_START = '2026-12-30T19:39:00+07:00';
const TWENTY_LOCAL = Date.parse('2026-12-30T20:00:00+07:00');
const NEXT_ALLOWED = '2027-01-09T03:00:00.000Z'; // Saturday 9 January, 10:00 local
/** More texts than the gateway's 100 per second can take in the five simulated minutes left. */
const SMS_CLIENTS = 800;
const NOBODY_ANSWERS = '+79130009999';

let db: TestDatabase;
let redis: TestRedis;
let smsc: SmscDouble;
let speech: SpeechDouble;
let line: DoubleProcess;
let dialer: PlatformProcess | undefined;
let dir: string;
let env: Record<string, string>;
const campaignIds: Record<'sms' | 'phone', number> = { sms: 0, phone: 0 };

/** `hotline <args>` as a supervisor types it; its printed JSON. */
async function hotline(...args: string[]): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/hotline.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`hotline ${args.join(' ')} exited with ${code}:\n${out}${err}`);
  return JSON.parse(out.slice(out.indexOf('{')));
}

/** Clients with debt overdue since 10 November: `count` with 1,000 ₽ from id `from`. */
async function debtors(from: number, count: number, kopecks: number): Promise<void> {
  await db.pool.query(
    `insert into clients (id, type, full_name, phones, time_zone)
     select id, 'individual', 'Клиент ' || id, array['+7913' || lpad(id::text, 7, '0')], 'Asia/Krasnoyarsk'
       from generate_series($1::int, $2::int) id`,
    [from, from + count - 1],
  );
  await db.pool.query(
    `insert into accounts (id, number, client_id, owner_full_name, area, settlement, street, house, full_address)
     select id, (1900000000 + id)::text, id, 'Клиент ' || id, 'Абакан', 'г. Абакан', 'ул. Ленина', '1',
            'г. Абакан, ул. Ленина, д. 1'
       from generate_series($1::int, $2::int) id`,
    [from, from + count - 1],
  );
  await db.pool.query(
    `insert into charges (account_id, period, zone, kwh, tariff_kopecks, amount_kopecks, due_date)
     select id, '2026-10-01', 'single', '100', 600, $3, '2026-11-10' from generate_series($1::int, $2::int) id`,
    [from, from + count - 1, kopecks],
  );
}

async function createCampaign(definition: object, csv?: string): Promise<number> {
  const file = join(dir, `campaign-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(definition));
  const id = Number((await hotline('campaign', 'create', file)).id);
  if (csv) {
    await writeFile(`${file}.csv`, csv);
    await hotline('campaign', 'upload', String(id), `${file}.csv`);
  }
  await hotline('campaign', 'schedule', String(id));
  return id;
}

beforeAll(async () => {
  [db, redis, smsc, speech] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    SmscDouble.start({ systemId: 'hotline', password: 'secret' }),
    startSpeechDouble({ msPerChar: 8 }),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'hotline-e2e-campaign-'));
  // Nobody answers: rings until the originate timeout (the double's time runs at the same rate).
  line = await startDoubleProcess({
    username: 'dialer',
    password: 'e2e-ari-secret',
    app: 'hotline-dialer',
    spoolDir: join(dir, 'spool'),
    soundsDir: join(dir, 'sounds'),
    speed: RATE,
  });
  await line.command({
    op: 'defineEndpoint',
    endpoint: `PJSIP/${NOBODY_ANSWERS.slice(1)}`,
    answerAfterMs: null,
  });
  await debtors(1, SMS_CLIENTS, 100_000);
  // 50 ₽: below the SMS campaign's filter, called by account list. In Yekaterinburg (UTC+5) it
  // is two hours earlier, so the three calls stay inside that client's window however slowly
  // this machine starts the dialer.
  await db.pool.query(
    `insert into clients (id, type, full_name, phones, time_zone)
     values (9999, 'individual', 'Клиент 9999', array['${NOBODY_ANSWERS}'], 'Asia/Yekaterinburg')`,
  );
  await db.pool.query(
    `insert into accounts (id, number, client_id, owner_full_name, area, settlement, street, house, full_address)
     values (9999, '1900009999', 9999, 'Клиент 9999', 'Абакан', 'г. Абакан', 'ул. Ленина', '1', 'г. Абакан, ул. Ленина, д. 1')`,
  );
  await db.pool.query(
    `insert into charges (account_id, period, zone, kwh, tariff_kopecks, amount_kopecks, due_date)
     values (9999, '2026-10-01', 'single', '100', 600, 5000, '2026-11-10')`,
  );
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    HOTLINE_TZ: 'Asia/Krasnoyarsk',
    SMPP_URL: smsc.url,
    SMPP_SYSTEM_ID: 'hotline',
    SMPP_PASSWORD: 'secret',
    ARI_URL: line.url,
    ARI_USERNAME: 'dialer',
    ARI_PASSWORD: 'e2e-ari-secret',
    DIALER_ARI_APP: 'hotline-dialer',
    DIALER_TRUNK_ENDPOINT: 'PJSIP/{number}',
    DIALER_AMD_CONTEXT: '',
    DIALER_PHONE_RETRY_MINUTES: '5',
    DIALER_TICK_MS: '1000',
    SPEECH_GRPC_ADDRESS: speech.address,
    ASTERISK_SOUNDS_DIR: join(dir, 'sounds'),
  };
  const common = { purpose: 'debt_reminder', endsAt: '2027-01-31T00:00:00Z' };
  [campaignIds.sms, campaignIds.phone] = await Promise.all([
    createCampaign({
      ...common,
      name: 'Долг декабрь (SMS)',
      channels: ['sms'],
      audience: { kind: 'filter', minOverdueRubles: 100, overdueDays: 10 },
      templates: {
        sms: 'Задолженность по л/с {{account}}: {{amount}} руб. Оплатите, пожалуйста. СТОП - отказ',
      },
      startsAt: '2026-12-30T19:55:00+07:00',
    }),
    createCampaign(
      {
        ...common,
        name: 'Долг декабрь (звонки)',
        channels: ['phone'],
        audience: { kind: 'csv' },
        templates: { phone: 'Здравствуйте! Задолженность по Вашему лицевому счёту {{amount}}.' },
        startsAt: '2026-12-30T19:40:00+07:00',
      },
      'account\n1900009999\n',
    ),
  ]);
}, 90_000);

afterAll(async () => {
  await dialer?.stop();
  await line?.stop();
  await smsc?.stop();
  await speech?.close();
  await redis?.cleanup();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('end to end, separate processes: a campaign at a simulated 19:55 local', () => {
  it('SMS go out until 20:00, the rest wait for 10:00 of the next non-holiday day; a negative call is retried 5 min later, three calls at most', async () => {
    dialer = await startService('dialer', {
      ...env,
      HOTLINE_CLOCK_START: CLOCK_START,
      HOTLINE_CLOCK_RATE: String(RATE),
    });

    // The calls: no answer three times, each retry 5–30 simulated minutes after the last.
    const phone = await waitFor(async () => {
      const { rows } = await db.pool.query(
        `select cc.state, cc.finish_reason, array_agg(a.detail order by a.id) as details,
                array_agg(a.claimed_at order by a.id) as at
           from campaign_contacts cc join campaign_attempts a on a.contact_id = cc.id
          where cc.campaign_id = $1 group by cc.id`,
        [campaignIds.phone],
      );
      return rows[0]?.finish_reason ? rows[0] : undefined;
    }, 40_000);
    expect(phone).toMatchObject({
      finish_reason: 'phone_attempts_exhausted',
      details: ['no_answer', 'no_answer', 'no_answer'],
    });
    const callTimes = (phone.at as Date[]).map((at) => at.getTime());
    for (let i = 1; i < callTimes.length; i++) {
      const gapMinutes = (callTimes[i]! - callTimes[i - 1]!) / 60_000;
      expect(gapMinutes).toBeGreaterThanOrEqual(5);
      expect(gapMinutes).toBeLessThanOrEqual(30);
    }

    // The texts: every contact either got its SMS before 20:00 or waits for 10:00 on 9 January.
    const split = await waitFor(async () => {
      const { rows } = await db.pool.query<{ sent: number; waiting: number; late: number }>(
        `select count(*) filter (where a.id is not null)::int as sent,
                count(*) filter (where a.id is null and cc.next_attempt_at = $2 and cc.attempts_total = 0)::int as waiting,
                count(*) filter (where a.claimed_at >= $3)::int as late
           from campaign_contacts cc left join campaign_attempts a on a.contact_id = cc.id
          where cc.campaign_id = $1`,
        [campaignIds.sms, NEXT_ALLOWED, new Date(TWENTY_LOCAL)],
      );
      const row = rows[0]!;
      return row.sent + row.waiting === SMS_CLIENTS ? row : undefined;
    }, 40_000);
    expect(split.late).toBe(0);
    expect(split.sent).toBeGreaterThan(0);
    expect(split.waiting).toBeGreaterThan(0);
    // Exactly one text per attempt reached the gateway: none twice, none after 20:00.
    await waitFor(async () => smsc.messages.length === split.sent || undefined, 10_000);
    expect(new Set(smsc.messages.map((m) => m.destination)).size).toBe(split.sent);
    expect(await dialer.stop(), dialer.output()).toBe(0);
  }, 180_000); // the dialer's start may take processes.ts SERVICE_START_TIMEOUT_MS on a busy machine
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
