import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { alwaysOpenSchedule, freePort, type PlatformProcess, startService } from '../../e2e/processes.ts';
import { chatKeys } from '../dialog/keys.ts';
import { WebChatClient } from './web-client.ts';

/**
 * A web-chat message in flight when its chatbot process is SIGKILLed is answered, exactly once:
 * two chatbot processes on one PostgreSQL and Redis; the first one's turn is stalled inside
 * PostgreSQL (the interactions table locked, as a slow database does) and killed there. The
 * widget reconnects to the second, asks for what it missed (`resume`) and sends the message
 * again with its id: the second instance waits out the dead one's lease and answers it.
 */
let db: TestDatabase;
let redis: TestRedis;
let doomed: PlatformProcess;
let survivor: PlatformProcess;
const urls: string[] = [];

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
  const schedule = await alwaysOpenSchedule();
  const ports = await Promise.all([freePort(), freePort()]);
  const env = (port: number) => ({
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    HOTLINE_EKC_SCHEDULE_FILE: schedule,
    CHATBOT_PORT: String(port),
    CHATBOT_HOST: '127.0.0.1',
  });
  [doomed, survivor] = await Promise.all([
    startService('chatbot', env(ports[0]!)),
    startService('chatbot', env(ports[1]!)),
  ]);
  urls.push(...ports.map((port) => `http://127.0.0.1:${port}`));
}, 200_000);

afterAll(async () => {
  doomed?.child.kill('SIGKILL');
  await survivor?.stop();
  await redis?.cleanup();
  await db?.drop();
});

const inbox = (session: string) => redis.redis.lrange(chatKeys(redis.prefix).webInbox(session), 0, -1);
const acksOf = (client: WebChatClient, id: string) =>
  client.frames.filter((frame) => frame.type === 'ack' && frame.id === id);

it('a message whose instance is killed mid-turn is answered by the other instance after resume + resend, once', async () => {
  const text = 'Здравствуйте! Как оплатить без комиссии?';
  // What the same first message gets when nothing fails: the number of replies to expect.
  const control = await WebChatClient.connect(urls[1]!);
  const controlId = control.send(text);
  await expect.poll(() => acksOf(control, controlId).length).toBe(1);
  const expected = (await inbox(control.session)).length;
  expect(expected).toBeGreaterThan(0);
  control.close();

  const locker = await db.pool.connect();
  await locker.query('begin');
  await locker.query('lock table interactions in exclusive mode');
  const first = await WebChatClient.connect(urls[0]!);
  const id = randomUUID();
  const frame = JSON.stringify({ type: 'message', id, text });
  first.raw(frame);
  // The turn is inside PostgreSQL, waiting for the table: now the process dies.
  await expect
    .poll(async () => {
      const { rows } = await db.pool.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query ilike '%interactions%'`,
      );
      return rows[0]!.n;
    })
    .toBeGreaterThan(0);
  const exited = new Promise((resolve) => doomed.child.once('exit', resolve));
  doomed.child.kill('SIGKILL');
  await exited;
  await locker.query('commit');
  locker.release();
  expect(first.messages).toEqual([]);
  expect(acksOf(first, id)).toEqual([]);

  // The widget reconnects to the other instance: resume after the last seq it saw, then resend.
  const again = await WebChatClient.connect(urls[1]!, first.session);
  again.raw(JSON.stringify({ type: 'resume', after: 0 }));
  again.raw(frame);
  await expect
    .poll(() => acksOf(again, id), { timeout: 30_000 })
    .toEqual([{ type: 'ack', id, duplicate: false }]);
  await expect.poll(() => again.messages.length).toBe(expected);
  expect(again.messages.map((m) => m.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));

  // A resend of the handled message (its ack lost) is recognised: no second answer.
  again.raw(frame);
  await expect.poll(() => acksOf(again, id).length).toBe(2);
  expect(acksOf(again, id)[1]).toEqual({ type: 'ack', id, duplicate: true });
  expect(await inbox(first.session)).toHaveLength(expected);
  // …and a widget that reconnects gets the answer through resume, not a new one.
  const later = await WebChatClient.connect(urls[1]!, first.session);
  later.raw(JSON.stringify({ type: 'resume', after: 0 }));
  await expect.poll(() => later.messages.map((m) => m.seq)).toEqual(again.messages.map((m) => m.seq));
  const { rows } = await db.pool.query<{ n: number }>(
    `select count(*)::int as n from interactions where channel = 'web_chat' and external_id = $1`,
    [first.session],
  );
  expect(rows[0]!.n).toBe(1);
  for (const client of [first, again, later]) client.close();
}, 120_000);
