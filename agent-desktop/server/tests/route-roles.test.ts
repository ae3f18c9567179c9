import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServiceContext } from '../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../core/testing/redis.ts';
import { USER_ROLES } from '../../../core/vocabulary/states.ts';
import { buildDesktop, type Desktop } from '../desktop.ts';
import { allows } from '../http/routes.ts';
import { Browser, createUser, listen } from './helpers.ts';

/**
 * Every route the desktop server declares × every role (and nobody signed in): the server must
 * refuse exactly those the declaration refuses. A new route is covered the moment it is declared.
 */
let db: TestDatabase;
let redis: TestRedis;
let server: Server;
let base: string;
let desktop: Desktop;
const browsers = new Map<string, Browser>();

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  desktop = buildDesktop(testServiceContext({ db, redis, env: { LOGIN_RATE_PER_MINUTE: '1000' } }));
  ({ server, base } = await listen(desktop.app));
  for (const role of USER_ROLES) {
    await createUser(db.pool, `role-${role}`, [role]);
    const browser = new Browser(base);
    expect((await browser.login(`role-${role}`)).status).toBe(200);
    browsers.set(role, browser);
  }
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await redis?.cleanup();
  await db?.drop();
});

// Path parameters get well-formed ids of things that do not exist: past the role check, 404 is fine.
const SAMPLE_PARAMS: Record<string, string> = { id: `rec_${'0'.repeat(32)}` };

describe('role × route matrix', () => {
  it('declares routes', () => {
    expect(desktop.routes.length).toBeGreaterThan(5);
  });

  for (const who of ['anonymous', ...USER_ROLES] as const) {
    it(`${who}: every route answers as declared`, async () => {
      const mismatches: string[] = [];
      for (const route of desktop.routes) {
        // Logging out would end the session the other routes need; it is covered in auth.test.ts.
        if (route.path === '/api/auth/logout') continue;
        const path = route.path.replace(/:([a-z]+)/gi, (_, name: string) => SAMPLE_PARAMS[name] ?? '1');
        const browser = who === 'anonymous' ? new Browser(base) : browsers.get(who)!;
        const response = await browser.request(
          route.method.toUpperCase(),
          path,
          route.method === 'get' ? undefined : {},
        );
        await response.arrayBuffer();
        const session = who === 'anonymous' ? undefined : { roles: [who] };
        const expected = allows(route.access, session as never);
        const got =
          response.status === 401 ? 'unauthenticated' : response.status === 403 ? 'forbidden' : 'ok';
        if (got !== expected)
          mismatches.push(
            `${route.method.toUpperCase()} ${route.path}: expected ${expected}, got ${response.status}`,
          );
      }
      expect(mismatches).toEqual([]);
    });
  }
});
