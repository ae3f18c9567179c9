import type { Locator } from 'playwright-core';
import { beforeAll } from 'vitest';
import type { UserRole } from '../../../core/vocabulary/index.ts';
import { createUser, type DesktopInBrowser, desktopInBrowser, type startDesktopServer } from './browser.ts';

/**
 * The setup the screens that follow live events share (wallboard, recordings, queue titles): the
 * file's desktop and browser, its users, and the two helpers for waiting on what the page shows.
 */

/** Wednesday 25 Nov 2026, 10:00 in Krasnoyarsk: the ЕКЦ is open. */
export const WEDNESDAY_OPEN = '2026-11-25T03:00:00Z';

/** Live updates cross Redis, the hub and the browser: allow for a machine busy with other suites. */
export const LIVE = { timeout: 15_000, interval: 100 };

/** What the locator shows now ('' while absent): a poll must not block waiting for the element. */
export const textOf = (locator: Locator) => locator.allTextContents().then((parts) => parts.join(''));

export interface LiveDesktop extends DesktopInBrowser {
  /** Each user's id by login, once the file's setup ran. */
  userIds: Record<string, number>;
}

/**
 * `desktopInBrowser` with the file's users (login → roles) created before its tests. Call it at the
 * top of the file; the file's own `beforeAll` runs after the users exist.
 */
export function liveDesktop(
  users: Record<string, UserRole[]>,
  options: Parameters<typeof startDesktopServer>[0] = {},
): LiveDesktop {
  const rig = Object.assign(desktopInBrowser(options), { userIds: {} as Record<string, number> });
  beforeAll(async () => {
    for (const [login, roles] of Object.entries(users)) {
      rig.userIds[login] = await createUser(rig.server.db.pool, login, roles);
    }
  });
  return rig;
}
