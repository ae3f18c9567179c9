import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { testServiceContext } from '../../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../../core/testing/redis.ts';
import { saveQueue, saveSkills } from '../../acd/index.ts';
import { buildDesktop, type Desktop } from '../../desktop.ts';
import { Browser, createUser, listen } from '../../tests/helpers.ts';

export interface View {
  signedIn: boolean;
  state: string;
  reason: string | null;
  since: number | null;
  queues: string[];
  work: Array<{
    id: string;
    state: string;
    media: string;
    offerDeadline: number | null;
    wrapUpDeadline: number | null;
    account: { id: number; number: string } | null;
  }>;
}

export interface WorkspaceHarness {
  clock: ManualClock;
  db: TestDatabase;
  redis: TestRedis;
  desktop: Desktop;
  /** users.id by login: ws-one, ws-two (operators with queues), ws-none (without), ws-sup. */
  ids: Record<string, number>;
  call(
    who: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  view(who: string): Promise<View>;
  enqueueCall(id?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A desktop server on a fresh database, its clock at Wednesday 10:00 in Krasnoyarsk (ЕКЦ hours,
 * so the break rule R-ACD-6 applies), voice and chat queues defined in PostgreSQL only (signing
 * in publishes them to the ACD), and four signed-in users.
 */
export async function startWorkspace(): Promise<WorkspaceHarness> {
  const clock = new ManualClock('2026-11-25T03:00:00Z');
  const db = await createTestDatabase();
  const redis = await createTestRedis();
  const env = { LOGIN_RATE_PER_MINUTE: '1000', HOTLINE_TZ: 'Asia/Krasnoyarsk' };
  const desktop = buildDesktop(testServiceContext({ db, redis, clock, env }));
  const { server, base } = await listen(desktop.app);
  await saveQueue(db.pool, { name: 'ws_voice', media: 'voice' });
  await saveQueue(db.pool, { name: 'ws_chat', media: 'chat' });
  const ids: Record<string, number> = {};
  const as: Record<string, Browser> = {};
  for (const login of ['ws-one', 'ws-two', 'ws-none', 'ws-sup']) {
    ids[login] = await createUser(db.pool, login, [login === 'ws-sup' ? 'supervisor' : 'operator']);
    as[login] = new Browser(base);
    const signedIn = await as[login]!.login(login);
    if (signedIn.status !== 200) throw new Error(`${login} could not sign in: ${signedIn.status}`);
  }
  for (const login of ['ws-one', 'ws-two'])
    await saveSkills(db.pool, String(ids[login]), [
      { queue: 'ws_voice', level: 5 },
      { queue: 'ws_chat', level: 5 },
    ]);
  const call: WorkspaceHarness['call'] = async (who, method, path, body) => {
    const response = await as[who]!.request(method, path, method === 'GET' ? undefined : (body ?? {}));
    // 204 (e.g. logout) has no body.
    const answer = response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
    return { status: response.status, body: answer };
  };
  return {
    clock,
    db,
    redis,
    desktop,
    ids,
    call,
    view: async (who) => (await call(who, 'GET', '/api/workspace')).body as unknown as View,
    async enqueueCall(id = randomUUID()) {
      await desktop.context.acd.enqueue({ id, queue: 'ws_voice', channel: 'phone', topics: ['balance'] });
      return id;
    },
    async close() {
      await new Promise((resolve) => (server as Server).close(resolve));
      await redis.cleanup();
      await db.drop();
    },
  };
}
