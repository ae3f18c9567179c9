import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/testing/clock.ts';
import { testServiceContext } from '../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../core/testing/redis.ts';
import { buildDesktop, type Desktop } from '../desktop.ts';
import { Browser, createUser, listen, TEST_PASSWORD } from './helpers.ts';

let db: TestDatabase;
let redis: TestRedis;
let server: Server;
let base: string;
let desktop: Desktop;
const clock = new ManualClock('2026-11-27T03:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await createTestRedis();
  desktop = buildDesktop(
    testServiceContext({ db, redis, clock, env: { LOGIN_MAX_FAILURES: '5', LOGIN_RATE_PER_MINUTE: '1000' } }),
  );
  ({ server, base } = await listen(desktop.app));
  await createUser(db.pool, 'ivanova', ['operator']);
  await createUser(db.pool, 'locky', ['operator']);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await redis?.cleanup();
  await db?.drop();
});
beforeEach(() => {
  clock.set('2026-11-27T03:00:00Z');
});

describe('login', () => {
  it('signs in with the right password and sets a hardened session cookie', async () => {
    const browser = new Browser(base);
    const response = await browser.login('ivanova');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      user: { login: string; roles: string[] };
      csrfToken: string;
      timeZone: string;
    };
    expect(body.user).toMatchObject({ login: 'ivanova', roles: ['operator'] });
    // The browser shows every time in the ЕКЦ's zone, not the zone of the machine it runs on.
    expect(body.timeZone).toBe('Asia/Krasnoyarsk');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hotline_sid=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect((await browser.request('GET', '/api/session')).status).toBe(200);
  });

  it('answers the same for a wrong password and an unknown login, and audits both', async () => {
    await db.pool.query('delete from audit_log');
    const wrong = await new Browser(base).login('ivanova', 'nope');
    const unknown = await new Browser(base).login('nobody', 'nope');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const { rows } = await db.pool.query('select action from audit_log order by id');
    expect(rows.map((row) => row.action)).toEqual(['auth.login_failed', 'auth.login_failed']);
    await db.pool.query("update users set failed_logins = 0 where login = 'ivanova'");
  });

  it('locks the account at the 5th wrong password in a row, not the 4th, until the lock ends', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await new Browser(base).login('locky', 'wrong')).status).toBe(401);
    }
    expect((await new Browser(base).login('locky', 'wrong')).status).toBe(423);
    const locked = await new Browser(base).login('locky', TEST_PASSWORD);
    expect(locked.status).toBe(423);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(15 * 60_000 - 1_000);
    expect((await new Browser(base).login('locky', TEST_PASSWORD)).status).toBe(423);
    clock.advance(1_000);
    expect((await new Browser(base).login('locky', TEST_PASSWORD)).status).toBe(200);
  });

  it('refuses malformed bodies with 400', async () => {
    const browser = new Browser(base);
    expect((await browser.request('POST', '/api/auth/login', { login: '' })).status).toBe(400);
    const broken = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"login":',
    });
    expect(broken.status).toBe(400);
  });
});

describe('sessions', () => {
  it('end after 30 minutes idle (29:59 still alive) and slide with activity', async () => {
    const browser = new Browser(base);
    await browser.login('ivanova');
    clock.advance(29 * 60_000 + 59_000);
    expect((await browser.request('GET', '/api/session')).status).toBe(200);
    clock.advance(29 * 60_000 + 59_000);
    expect((await browser.request('GET', '/api/session')).status).toBe(200);
    clock.advance(30 * 60_000);
    expect((await browser.request('GET', '/api/session')).status).toBe(401);
  });

  it('end after 12 hours whatever the activity', async () => {
    const browser = new Browser(base);
    await browser.login('ivanova');
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      clock.advance(20 * 60_000);
      expect((await browser.request('GET', '/api/session')).status).toBe(200);
    }
    clock.advance(20 * 60_000);
    expect((await browser.request('GET', '/api/session')).status).toBe(401);
  });

  it('end at logout', async () => {
    const browser = new Browser(base);
    await browser.login('ivanova');
    expect((await browser.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await browser.request('GET', '/api/session')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the session token', async () => {
    const browser = new Browser(base);
    await browser.login('ivanova');
    const token = browser.csrf;
    browser.csrf = '';
    expect((await browser.request('POST', '/api/auth/logout')).status).toBe(403);
    browser.csrf = `${token.slice(0, -1)}x`;
    expect((await browser.request('POST', '/api/auth/logout')).status).toBe(403);
    browser.csrf = token;
    expect((await browser.request('POST', '/api/auth/logout')).status).toBe(204);
  });

  it('refuses a login posted from another site', async () => {
    const response = await new Browser(base).request(
      'POST',
      '/api/auth/login',
      { login: 'ivanova', password: TEST_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(response.status).toBe(403);
  });
});

describe('login rate limit per address', () => {
  it('answers 429 past the limit within a minute', async () => {
    const limited = buildDesktop(
      testServiceContext({ db, redis, clock, env: { LOGIN_RATE_PER_MINUTE: '3' } }),
    );
    const { server: limitedServer, base: limitedBase } = await listen(limited.app);
    try {
      clock.set('2026-11-27T04:00:05Z');
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await new Browser(limitedBase).login('ivanova', 'x')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      clock.advance(60_000);
      expect((await new Browser(limitedBase).login('ivanova')).status).toBe(200);
    } finally {
      await new Promise((resolve) => limitedServer.close(resolve));
    }
  });
});
