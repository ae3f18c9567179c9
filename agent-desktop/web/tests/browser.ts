import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import { testServiceContext } from '../../../core/testing/context.ts';
import { createTestDatabase, type TestDatabase } from '../../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../../core/testing/redis.ts';
import { buildDesktop, type Desktop } from '../../server/desktop.ts';
import { listen, TEST_PASSWORD } from '../../server/tests/helpers.ts';
import { bundleWebApp } from '../../server/web/bundle.ts';

export { createUser, TEST_PASSWORD } from '../../server/tests/helpers.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Screenshots of the main screens, for people (not compared, not committed: `.data/` is ignored). */
export const SCREENSHOT_DIR = join(ROOT, '.data/screenshots');

/** Debian's chromium (installed by the test provisioning); playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface DesktopUnderTest {
  base: string;
  desktop: Desktop;
  db: TestDatabase;
  redis: TestRedis;
  close(): Promise<void>;
}

/** A complete desktop server (API, live WebSocket, bundled browser app) on a fresh database. */
export async function startDesktopServer(
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<DesktopUnderTest> {
  const db = await createTestDatabase();
  const redis = await createTestRedis();
  const context = testServiceContext({
    db,
    redis,
    ...(options.clock ? { clock: options.clock } : {}),
    env: { LOGIN_RATE_PER_MINUTE: '1000', DESKTOP_COOKIE_SECURE: 'false', ...options.env },
  });
  const desktop = buildDesktop(context, { web: await bundleWebApp({ minify: false }) });
  const { base, server } = await listen(desktop.app);
  desktop.live.attach(server);
  return {
    base,
    desktop,
    db,
    redis,
    async close() {
      await desktop.live.close();
      await closeServer(server);
      await redis.cleanup();
      await db.drop();
    },
  };
}

export interface DesktopInBrowser {
  server: DesktopUnderTest;
  browser: Browser;
}

/**
 * The test file's desktop server (fresh database and Redis) and headless browser: started together
 * before its tests, closed after them. Call it at the top of the file, before the file's own hooks:
 * those run after it has started (and their `afterAll` before it closes). The fields are set once
 * it started.
 */
export function desktopInBrowser(options: Parameters<typeof startDesktopServer>[0] = {}): DesktopInBrowser {
  const rig = {} as DesktopInBrowser;
  beforeAll(async () => {
    [rig.server, rig.browser] = await Promise.all([startDesktopServer(options), launchBrowser()]);
  });
  afterAll(async () => {
    await rig.browser?.close();
    await rig.server?.close();
  });
  return rig;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Opens the desktop in a fresh browser context (own cookies) and signs in through the login form. */
export async function signIn(browser: Browser, base: string, login: string, password = TEST_PASSWORD) {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.locator('.topbar').waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
