import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Browser, createUser } from '../../agent-desktop/server/tests/helpers.ts';
import { TelegramDouble } from '../../chatbot/doubles/telegram/index.ts';
import { VkDouble } from '../../chatbot/doubles/vk/index.ts';
import { type BillingClient, BillingError, createBillingClient } from '../../core/billing/index.ts';
import { fillBillingFixture, IVANOV } from '../../core/billing/tests/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { alwaysOpenSchedule, freePort, type PlatformProcess, startService } from '../processes.ts';

/**
 * Security sweep over the public inputs, with the services in their own processes (billing gRPC,
 * desktop, chatbot with VK and Telegram webhooks): fuzzed chat text, account numbers and
 * readings (web chat and billing gRPC), CSV audiences, VK and Telegram webhook payloads,
 * recording ids — no crash and no 5xx; forged webhook calls refused; and no personal data in
 * anything the processes logged (at debug level). Bounded: a fixed number of runs per input.
 */
const RUNS = 60;
const TG_SECRET = 'Sweep_secret_1';
const VK_SECRET = 'vk-sweep-secret';
// Personal data the fuzzers put into the inputs; none of it may reach a log line.
const PII = {
  phones: ['+79131234567', '89131234567', '+7 (913) 765-43-21'],
  accounts: [IVANOV.account, '2466012345'],
  emails: ['ivanova.maria@mail.ru'],
  names: ['Иванова Мария Петровна'],
  addresses: ['ул. Щетинкина, д. 12, кв. 34'],
};
const PII_VALUES = Object.values(PII).flat();

let db: TestDatabase;
let redis: TestRedis;
let tg: TelegramDouble;
let vk: VkDouble;
let billing: BillingClient;
const processes: PlatformProcess[] = [];
let chatUrl = '';
let desktopUrl = '';

beforeAll(async () => {
  [db, redis, tg, vk] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    TelegramDouble.start(),
    VkDouble.start(),
  ]);
  await fillBillingFixture(db.pool);
  await createUser(db.pool, 'sweep-supervisor', ['supervisor']);
  const [desktopPort, chatPort, billingPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const files = await mkdtemp(join(tmpdir(), 'hotline-sweep-'));
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    // Everything the processes say is scanned for personal data, so they say as much as they can.
    LOG_LEVEL: 'debug',
    HOTLINE_EKC_SCHEDULE_FILE: await alwaysOpenSchedule(),
    DESKTOP_PORT: String(desktopPort),
    DESKTOP_COOKIE_SECURE: 'false',
    LOGIN_RATE_PER_MINUTE: '1000',
    RECORDINGS_DIR: join(files, 'recordings'),
    CHATBOT_ATTACHMENTS_DIR: join(files, 'attachments'),
    CHATBOT_PORT: String(chatPort),
    CHATBOT_HOST: '127.0.0.1',
    CHATBOT_WEB_MESSAGES_PER_MINUTE: '100000',
    CHATBOT_WEB_BURST: '1000',
    BILLING_GRPC_PORT: String(billingPort),
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.url,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${chatPort}/telegram/hook`,
    TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
    VK_ACCESS_TOKEN: vk.accessToken,
    VK_GROUP_ID: String(vk.groupId),
    VK_CONFIRMATION_CODE: vk.confirmationCode,
    VK_SECRET: VK_SECRET,
    VK_API_BASE_URL: vk.apiBaseUrl,
  };
  processes.push(
    ...(await Promise.all([
      startService('billing', env),
      startService('desktop', env),
      startService('chatbot', env),
    ])),
  );
  chatUrl = `http://127.0.0.1:${chatPort}`;
  desktopUrl = `http://127.0.0.1:${desktopPort}`;
  billing = createBillingClient({ address: `127.0.0.1:${billingPort}` });
}, 240_000); // service starts (processes.ts SERVICE_START_TIMEOUT_MS)

afterAll(async () => {
  billing?.close();
  for (const running of processes.reverse()) await running.stop();
  await Promise.all([tg?.stop(), vk?.stop()]);
  await redis?.cleanup();
  await db?.drop();
});

/** Free text with personal data, account numbers and readings mixed into arbitrary strings. */
const piiText = fc.constantFrom(...PII_VALUES);
const digits = fc.stringMatching(/^[0-9 ,.-]{0,20}$/);
const chatText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc
    .tuple(fc.constantFrom('мой лицевой счёт', 'счёт', 'л/с', 'показания', 'передать показания'), digits)
    .map(([words, value]) => `${words} ${value}`),
  fc
    .tuple(fc.string({ maxLength: 40 }), piiText, fc.string({ maxLength: 40 }))
    .map((parts) => parts.join(' ')),
  fc.constant('x'.repeat(5000)),
);
const anyFrame = fc.oneof(
  chatText.map((text) => JSON.stringify({ type: 'message', id: randomUUID(), text })),
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc
    .record({
      type: fc.constantFrom('message', 'button', 'resume'),
      id: fc.anything(),
      text: fc.anything(),
      data: fc.anything(),
      after: fc.anything(),
    })
    .map((f) => JSON.stringify(f)),
);

function openChat(): Promise<{
  ws: WebSocket;
  frames: Array<{ type: string; text?: string }>;
  closed: () => number | undefined;
}> {
  const ws = new WebSocket(`${chatUrl.replace('http', 'ws')}/chat/ws?session=${randomUUID()}`);
  const frames: Array<{ type: string; text?: string }> = [];
  let closedWith: number | undefined;
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  ws.on('close', (code) => {
    closedWith = code;
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, closed: () => closedWith }));
    ws.once('error', reject);
  });
}

async function until(probe: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return probe();
}

describe('security sweep: fuzzed public inputs against the services in their own processes', () => {
  it('web chat: arbitrary frames never break the socket or the process; a new conversation is still answered', async () => {
    const chat = await openChat();
    await fc.assert(
      fc.asyncProperty(fc.array(anyFrame, { minLength: 1, maxLength: 5 }), async (frames) => {
        for (const frame of frames) chat.ws.send(frame);
        // Whatever state the fuzzed conversation is in, the chat keeps serving: a fresh one is answered.
        const probe = await openChat();
        probe.ws.send(
          JSON.stringify({ type: 'message', id: randomUUID(), text: 'Как оплатить без комиссии?' }),
        );
        const answered = await until(
          () => probe.frames.some((f) => f.type === 'message' && /комисси/i.test(f.text ?? '')),
          15_000,
        );
        probe.ws.close();
        expect(answered).toBe(true);
        expect(chat.closed()).toBeUndefined();
      }),
      { numRuns: RUNS / 2 },
    );
    // The fuzzed conversation itself still answers a frame (an error frame for a bad one).
    const before = chat.frames.length;
    chat.ws.send('{"type":"resume"}');
    expect(await until(() => chat.frames.length > before, 10_000)).toBe(true);
    chat.ws.close();
  }, 300_000);

  it('billing gRPC: arbitrary account numbers and readings get an answer or a client error, never an internal one', async () => {
    const kinds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.stringMatching(/^[0-9]{0,14}$/),
          fc.constant(IVANOV.account),
        ),
        fc.array(
          fc.record({
            zone: fc.oneof(fc.constantFrom('single', 'day', 'night'), fc.string()),
            value: fc.oneof(digits, fc.string()),
          }),
          { maxLength: 3 },
        ),
        async (accountNumber, values) => {
          const calls = [
            billing.getAccount({ accountNumber }),
            billing.getBalance({ accountNumber }),
            billing.findAccounts({ query: { $case: 'accountNumber', value: accountNumber }, limit: 0 }),
            billing.findAccounts({ query: { $case: 'phone', value: accountNumber }, limit: 5 }),
            billing.submitMeterReading({
              accountNumber,
              meterSerial: accountNumber.slice(0, 8),
              values,
              channel: 'web_chat',
            } as never),
          ];
          for (const outcome of await Promise.allSettled(calls)) {
            if (outcome.status === 'fulfilled') continue;
            const error = outcome.reason as BillingError;
            expect(error).toBeInstanceOf(BillingError);
            kinds.add(error.kind);
            expect(['not_found', 'invalid_argument', 'failed_precondition']).toContain(error.kind);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(kinds.has('invalid_argument') || kinds.has('not_found')).toBe(true);
  }, 300_000);

  it('campaign audience CSV: arbitrary uploads get 2xx or a 4xx with the reason, never 5xx', async () => {
    const supervisor = new Browser(desktopUrl);
    expect((await supervisor.login('sweep-supervisor')).status).toBe(200);
    const created = await supervisor.request('POST', '/api/campaigns', {
      name: 'Проверка CSV',
      purpose: 'restriction_notice',
      channels: ['sms'],
      audience: { kind: 'csv' },
      templates: { sms: 'Уведомление по л/с {{account}}' },
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    });
    expect(created.status, await created.clone().text()).toBeLessThan(300);
    const { id } = (await created.json()) as { id: string };
    const row = fc
      .tuple(
        fc.oneof(digits, fc.constant(IVANOV.account), piiText),
        fc.constantFrom(',', ';', '"'),
        fc.string({ maxLength: 20 }),
      )
      .map(([account, separator, date]) => `${account}${separator}${date}`);
    const csv = fc.oneof(
      fc.string({ maxLength: 500 }),
      fc.array(row, { maxLength: 20 }).map((rows) => ['account,date', ...rows].join('\n')),
      fc.array(row, { maxLength: 20 }).map((rows) => ['\uFEFFaccount;date', ...rows].join('\r\n')),
    );
    await fc.assert(
      fc.asyncProperty(csv, fc.boolean(), async (text, asJson) => {
        const response = asJson
          ? await supervisor.request('POST', `/api/campaigns/${id}/audience`, { csv: text })
          : await fetch(`${desktopUrl}/api/campaigns/${id}/audience`, {
              method: 'POST',
              headers: {
                cookie: supervisor.cookie,
                'x-csrf-token': supervisor.csrf,
                'content-type': 'text/csv',
              },
              body: text,
            });
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('VK Callback API: forged calls refused (nothing sent to anybody); arbitrary signed payloads never 5xx', async () => {
    const post = (body: unknown) =>
      fetch(`${chatUrl}/vk/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const message = (peer: number, text: string) => ({
      type: 'message_new',
      group_id: vk.groupId,
      event_id: randomUUID(),
      object: { message: { id: 1, date: 1, peer_id: peer, from_id: peer, text, conversation_message_id: 1 } },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        chatText,
        async (secret, text) => {
          fc.pre(secret !== VK_SECRET);
          const response = await post({ ...message(4_200_777, text), secret });
          await response.arrayBuffer();
          expect(response.status).toBe(403);
        },
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          chatText.map((text) => ({ ...message(4_200_100, text), secret: VK_SECRET })),
          fc.record({
            type: fc.string(),
            group_id: fc.constant(vk.groupId),
            secret: fc.constant(VK_SECRET),
            object: fc.json().map((j) => JSON.parse(j)),
          }),
          fc.json(),
        ),
        async (payload) => {
          const response = await post(payload);
          await response.arrayBuffer();
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
    expect(vk.messagesTo(4_200_777)).toEqual([]);
  }, 300_000);

  it('Telegram webhook: a wrong or missing secret token is refused; arbitrary updates with it never 5xx', async () => {
    const post = (body: string, secret?: string) =>
      fetch(`${chatUrl}/telegram/hook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
        },
        body,
      });
    const update = (chat: number, text: string) =>
      JSON.stringify({
        update_id: Math.floor(Math.random() * 1e9),
        message: {
          message_id: 1,
          date: 1,
          chat: { id: chat, type: 'private' },
          from: { id: chat, is_bot: false, first_name: 'Мария' },
          text,
        },
      });
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{0,30}$/), { nil: undefined }),
        chatText,
        async (secret, text) => {
          fc.pre(secret !== TG_SECRET);
          const response = await post(update(777, text), secret);
          await response.arrayBuffer();
          expect(response.status).toBe(403);
        },
      ),
      { numRuns: RUNS },
    );
    // JSON that is not an update is refused as such (it was a 500 that Telegram resends forever).
    for (const body of ['null', '42', '"text"', '[]', '{}'])
      expect((await post(body, TG_SECRET)).status).toBe(400);
    expect((await post('{"update_id":', TG_SECRET)).status).toBe(415);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          chatText.map((text) => update(501, text)),
          fc.json(),
          fc.string({ maxLength: 100 }),
        ),
        async (body) => {
          const response = await post(body, TG_SECRET);
          await response.arrayBuffer();
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
    expect(tg.messagesTo(777)).toEqual([]);
  }, 300_000);

  it('recording ids: arbitrary ids in every recordings route get 4xx, never 5xx', async () => {
    const supervisor = new Browser(desktopUrl);
    expect((await supervisor.login('sweep-supervisor')).status).toBe(200);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 80 }),
          fc.stringMatching(/^rec_[0-9a-f]{0,40}$/),
          fc.constant('..%2F..%2Fetc%2Fpasswd'),
        ),
        fc.constantFrom('', '/audio', '/download'),
        async (id, suffix) => {
          const response = await supervisor.request(
            'GET',
            `/api/recordings/${encodeURIComponent(id)}${suffix}`,
          );
          await response.arrayBuffer();
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('the processes are still running and logged no personal data', async () => {
    for (const running of processes)
      expect(running.child.exitCode, `${running.name}:\n${running.output()}`).toBeNull();
    // What each process wrote after its start banner (the banner shows the demo logins and a demo
    // account on purpose, for a newcomer): every log line and anything else printed.
    const logs = processes
      .map((p) => p.output())
      .flatMap((output) => [
        ...output.split('\n').filter((line) => line.startsWith('{')),
        output.slice(output.indexOf('hotline is running')),
      ])
      .join('\n');
    expect(logs.length).toBeGreaterThan(0);
    // Digits of the phones in any notation too (the redaction masks runs of them).
    const leaked = [...PII_VALUES, '9131234567', '9137654321', '765-43-21'].flatMap((value) =>
      logs
        .split('\n')
        .filter((line) => line.includes(value))
        .slice(0, 2)
        .map((line) => `${value} in: ${line.slice(0, 400)}`),
    );
    expect(leaked).toEqual([]);
  });
});
