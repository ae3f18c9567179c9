import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebChatClient } from '../../../chatbot/tests/web-client.ts';
import { freePort } from '../../../e2e/processes.ts';
import { createPool, type Pool } from '../../db/index.ts';
import { createTestRedis, type TestRedis } from '../../testing/redis.ts';
import { StoppablePostgres } from '../../testing/stoppable-postgres.ts';
import { type ServiceFleet, startServiceFleet } from './service-fleet.ts';

async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The chatbot, the desktop server and the recordings service, each its own process as a site runs
 * them, on a PostgreSQL of the test's own that is stopped in immediate mode (a crash) and started
 * again: none exits, `hotline status` (the heartbeats) shows them degraded meanwhile and ok again
 * afterwards; a new web-chat client is answered during the outage, and its interaction and both
 * lines are in PostgreSQL, once, after it is back.
 */
describe('services while PostgreSQL goes away and comes back', () => {
  let server: StoppablePostgres;
  let redis: TestRedis;
  let pool: Pool;
  let dir: string;
  let fleet: ServiceFleet | undefined;
  const ports = { chatbot: 0, desktop: 0 };

  beforeAll(async () => {
    [server, redis] = await Promise.all([StoppablePostgres.create(), createTestRedis()]);
    pool = createPool(server.url, { max: 2 });
    dir = mkdtempSync(join(tmpdir(), 'hotline-pg-outage-'));
    ports.chatbot = await freePort();
    ports.desktop = await freePort();
    fleet = await startServiceFleet(server.url, redis, dir, {
      chatbot: { CHATBOT_PORT: String(ports.chatbot), CHATBOT_HOST: '127.0.0.1' },
      desktop: { DESKTOP_PORT: String(ports.desktop), DESKTOP_HOST: '127.0.0.1' },
      recordings: {},
    });
  }, 300_000);

  afterAll(async () => {
    await fleet?.stop();
    await pool?.end();
    await server?.destroy();
    await redis?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const statuses = () => fleet!.statuses();
  const exits = () => fleet!.exits;

  it('none exits; degraded while it is down, ok again after; a new chat answered meanwhile and written after', async () => {
    await eventually(
      async () => Object.values(await statuses()).every((health) => health?.status === 'ok'),
      20_000,
    );
    await server.crash();

    const degraded = await eventually(async () => {
      const now = await statuses();
      return Object.values(now).every((health) => health?.status === 'degraded') ? now : undefined;
    }, 30_000);
    for (const health of Object.values(degraded))
      expect(health?.details).toMatchObject({ database: 'unavailable' });

    // A brand-new chat is answered all the same: its interaction row and lines wait in the
    // chatbot's durable transcript stream and are written when PostgreSQL is back.
    const chat = await WebChatClient.connect(`http://127.0.0.1:${ports.chatbot}`);
    const question = 'Как оплатить без комиссии?';
    const id = chat.send(question);
    expect((await chat.next(10_000)).text).toContain('без комиссии');
    await eventually(
      async () => chat.frames.some((frame) => frame.type === 'ack' && frame.id === id && !frame.duplicate),
      10_000,
    );
    expect(chat.frames.some((frame) => frame.type === 'error')).toBe(false);
    // The desktop answers (an error, not a dropped connection) and stays up.
    const login = await fetch(`http://127.0.0.1:${ports.desktop}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'operator1', password: 'не-тот-пароль' }),
    });
    expect(login.status).toBeGreaterThanOrEqual(400);
    expect(exits()).toEqual([]);

    await server.start();
    await eventually(
      async () => Object.values(await statuses()).every((health) => health?.status === 'ok'),
      30_000,
    );
    const { rows } = await eventually(async () => {
      const found = await pool.query<{ id: string; lines: number }>(
        `select i.id, (select count(*)::int from interaction_events e
                        where e.interaction_id = i.id and e.kind = 'chat.message') as lines
           from interactions i where i.channel = 'web_chat'`,
      );
      return found.rows[0]?.lines === 2 ? found : undefined;
    }, 30_000);
    expect(rows).toHaveLength(1);
    chat.close();
    expect(exits()).toEqual([]);
  }, 180_000);
});
