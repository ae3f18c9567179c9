import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { RunningChatbot } from '../../../../chatbot/app.ts';
import { WebChatClient } from '../../../../chatbot/tests/web-client.ts';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { testServiceContext } from '../../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import type { UserRole } from '../../../../core/vocabulary/index.ts';
import { buildDesktop, type Desktop } from '../../desktop.ts';
import { Browser, createUser, listen } from '../../tests/helpers.ts';
import { CHAT_QUEUE, IN_HOURS, startChatbotBeside } from './chatbot.ts';

/**
 * The desktop's HTTP server beside the real chatbot on one fresh PostgreSQL and Redis, the chat
 * queue defined, the clock in working hours: what the chat desk and chat review tests share.
 */
export interface ChatRig {
  clock: ManualClock;
  db: TestDatabase;
  redis: TestRedis;
  base: string;
  desktop: Desktop;
  bot: RunningChatbot;
}

/**
 * Starts the rig before the file's tests and closes it after them. Call it at the top of the file:
 * the file's own `beforeAll` runs once it started. `clock` is there at once, the rest once started.
 */
export function chatsBesideChatbot(label: string): ChatRig {
  const rig = { clock: new ManualClock(IN_HOURS) } as ChatRig;
  let server: Server | undefined;
  let filesDir: string | undefined;
  beforeAll(async () => {
    rig.db = await createTestDatabase();
    rig.redis = await createTestRedis();
    // Clients' files: the chatbot writes them, the desktop reads them, by the same setting.
    filesDir = await mkdtemp(join(tmpdir(), `${label}-files-`));
    const files = { CHATBOT_ATTACHMENTS_DIR: filesDir };
    const { db, redis, clock } = rig;
    rig.desktop = buildDesktop(
      testServiceContext({ db, redis, clock, env: { LOGIN_RATE_PER_MINUTE: '1000', ...files } }),
    );
    ({ server, base: rig.base } = await listen(rig.desktop.app));
    rig.desktop.live.attach(server);
    rig.bot = await startChatbotBeside(db, redis, clock, files);
    await rig.desktop.context.acd.defineQueue({ name: CHAT_QUEUE, media: 'chat' });
  });
  afterAll(async () => {
    await rig.bot?.close();
    await rig.desktop?.live.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await rig.redis?.cleanup();
    await rig.db?.drop();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });
  return rig;
}

/** A new user with these roles, signed in over HTTP: their ACD agent id and their browser. */
export async function signedIn(rig: ChatRig, login: string, roles: UserRole[]) {
  const id = String(await createUser(rig.db.pool, login, roles));
  const browser = new Browser(rig.base);
  expect((await browser.login(login)).status).toBe(200);
  return { id, browser };
}

/** A web-chat client asking for an operator; returns it with its interaction id. */
export async function clientHandedOff(rig: ChatRig, question: string) {
  const chat = await WebChatClient.connect(rig.bot.url);
  chat.send(question);
  expect((await chat.next()).text).toContain('Здравствуйте');
  chat.send('соедините с оператором');
  expect((await chat.next()).text).toContain('Передаю Ваш вопрос оператору');
  const { rows } = await rig.db.pool.query('select id from interactions where external_id = $1', [
    chat.session,
  ]);
  return { chat, ix: String(rows[0].id) };
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
export type Body = any;

/** A response's status and JSON body (none for 204). */
export async function json(response: Response): Promise<{ status: number; body: Body }> {
  return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
}
