import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../../core/platform/service.ts';
import { ManualClock } from '../../../core/testing/clock.ts';
import { testServiceContext } from '../../../core/testing/context.ts';
import { SmscDouble } from '../../../dialer/doubles/index.ts';
import { dialerService } from '../../../dialer/service.ts';
import { addDebtor } from '../../../dialer/tests/harness.ts';
import { createUser, desktopInBrowser, screenshot, signIn } from './browser.ts';

// Wednesday 2 December 2026, 12:00 in Khakassia: inside the 10:00–20:00 window, not a holiday.
const clock = new ManualClock('2026-12-02T05:00:00Z');
const rig = desktopInBrowser({ clock });
let smsc: SmscDouble;
let dialer: RunningService;

beforeAll(async () => {
  const server = rig.server;
  smsc = await SmscDouble.start({ systemId: 'hotline', password: 'secret' });
  // The dialer's workers run beside the desktop, on the same database, Redis and clock.
  dialer = await dialerService.start(
    testServiceContext({
      db: server.db,
      redis: server.redis,
      clock,
      // The tick runs once at start and then only hourly: «Запустить сейчас» is the start under test,
      // and a tick starting the campaign between two clicks would make the click fail.
      env: {
        SMPP_URL: smsc.url,
        SMPP_SYSTEM_ID: 'hotline',
        SMPP_PASSWORD: 'secret',
        DIALER_TICK_MS: '3600000',
      },
    }),
  );
  for (const id of [71, 72, 73]) {
    await addDebtor(server.db.pool, { id, phone: `+791300000${id}`, debtKopecks: 250_000 });
  }
  await createUser(server.db.pool, 'campaign-supervisor', ['supervisor']);
  await createUser(server.db.pool, 'campaign-operator', ['operator']);
});
afterAll(async () => {
  await dialer?.close();
  await smsc?.stop();
});

describe('campaigns on the desktop', () => {
  it('a supervisor creates an SMS reminder, sees the 160-character counter, starts it and watches it finish', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'campaign-supervisor');
    await page.getByRole('link', { name: 'Кампании' }).click();
    await page.getByRole('button', { name: 'Новая кампания' }).click();
    await page.getByLabel('Название').fill('Долги декабря');
    await page.getByLabel('Долг от, ₽').fill('');
    await page.getByLabel('Просрочка от, дней').fill('0');
    // The server counts the rendered SMS as the gateway will: Cyrillic, so UCS-2.
    const counter = page.getByTestId('sms-counter');
    await expect.poll(() => counter.textContent()).toMatch(/^\d+ \/ 160 символов · кириллица \(UCS-2\)/);
    await page.getByLabel('Текст: SMS').fill(`${'Оплатите долг по л/с {{account}}. '.repeat(6)}`);
    await expect.poll(() => page.locator('ul.error').first().textContent()).toMatch(/160/);
    await page
      .getByLabel('Текст: SMS')
      .fill('Задолженность по л/с {{account}}: {{amount}} руб. Оплатите, пожалуйста. Спасибо!');
    await screenshot(page, 'campaign-create');
    await page.getByRole('button', { name: 'Создать черновик' }).click();

    await expect.poll(() => page.locator('.page-header h1').textContent()).toBe('Долги декабря');
    await page.getByRole('button', { name: 'Запланировать' }).click();
    await expect.poll(() => page.locator('.page-header .badge').textContent()).toBe('запланирована');
    await page.getByRole('button', { name: 'Запустить сейчас' }).click();

    // The gateway receives the three SMS; the page follows the progress by itself.
    for (const id of [71, 72, 73]) {
      expect((await smsc.waitForMessageTo(`791300000${id}`)).text).toContain(`л/с ${1900000000 + id}`);
    }
    await expect
      .poll(() => page.locator('[data-figure="Успешно"]').textContent(), { timeout: 20_000 })
      .toBe('3');
    await expect.poll(() => page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await screenshot(page, 'campaign-progress');

    // An operator has no campaigns in the menu, and the API refuses them.
    const operator = await signIn(rig.browser, rig.server.base, 'campaign-operator');
    expect(await operator.getByRole('link', { name: 'Кампании' }).count()).toBe(0);
    const status = await operator.evaluate('fetch("/api/campaigns").then((r) => r.status)');
    expect(status).toBe(403);
  }, 90_000);
});
