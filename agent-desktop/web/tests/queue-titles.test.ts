import { randomUUID } from 'node:crypto';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/testing/clock.ts';
import { loadQueues, publishQueues, saveQueue, saveSkills } from '../../server/acd/index.ts';
import {
  createUser,
  type DesktopUnderTest,
  launchBrowser,
  screenshot,
  signIn,
  startDesktopServer,
} from './browser.ts';

/** Queues appear by their titles (acd_queues.title), not the ACD's ids, wherever a screen names one. */
const clock = new ManualClock('2026-11-25T03:00:00Z');
const LIVE = { timeout: 15_000, interval: 100 };
const textOf = (locator: Locator) => locator.allTextContents().then((parts) => parts.join(''));
let server: DesktopUnderTest;
let browser: Browser;
let operatorId: number;

beforeAll(async () => {
  server = await startDesktopServer({ clock });
  browser = await launchBrowser();
  const pool = server.db.pool;
  await createUser(pool, 'qt-supervisor', ['supervisor']);
  operatorId = await createUser(pool, 'qt-operator', ['operator']);
  await saveQueue(pool, { name: 'qt_billing', title: 'Звонки: оплата и начисления', media: 'voice' });
  await saveQueue(pool, { name: 'qt_untitled', media: 'voice' });
  await saveSkills(pool, String(operatorId), [{ queue: 'qt_billing', level: 5 }]);
  await publishQueues(server.desktop.context.acd, await loadQueues(pool));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('queue titles in the browser', { timeout: 60_000 }, () => {
  it('names the queue by its title on the offer card, the operator’s bar and the wallboard', async () => {
    const operator = await signIn(browser, server.base, 'qt-operator');
    await operator.goto(`${server.base}/#/workspace`);
    await operator.getByRole('button', { name: 'Войти в очереди' }).click();
    await expect
      .poll(() => textOf(operator.getByRole('region', { name: 'Состояние оператора' })), LIVE)
      .toContain('Очереди: Звонки: оплата и начисления');

    const supervisor = await signIn(browser, server.base, 'qt-supervisor');
    await supervisor.goto(`${server.base}/#/wallboard`);
    await supervisor.getByRole('heading', { name: 'Звонки: оплата и начисления' }).waitFor();
    // A queue without a title keeps its id: still named, never blank.
    await supervisor.getByRole('heading', { name: 'qt_untitled' }).waitFor();
    expect(await supervisor.getByRole('heading', { name: 'qt_billing' }).count()).toBe(0);

    await server.desktop.context.acd.enqueue({ id: randomUUID(), queue: 'qt_billing', channel: 'phone' });
    const offer = operator.getByRole('region', { name: 'Входящее предложение' });
    await offer.waitFor();
    const facts = await textOf(offer.locator('dl'));
    expect(facts).toContain('ОчередьЗвонки: оплата и начисления');
    expect(facts).not.toContain('qt_billing');
    await screenshot(operator, 'queue-titles-offer');

    // A missed offer: the supervisor's feed names the queue by its title too.
    clock.advance(15_001);
    await server.desktop.context.acd.processTimers();
    await expect
      .poll(() => textOf(supervisor.getByRole('list', { name: 'Лента оповещений' })), LIVE)
      .toContain('не принял вызов за 15 секунд (очередь «Звонки: оплата и начисления»)');
    await screenshot(supervisor, 'queue-titles-wallboard');
    await operator.context().close();
    await supervisor.context().close();
  });
});
