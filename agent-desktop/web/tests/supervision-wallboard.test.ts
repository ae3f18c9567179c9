import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/testing/clock.ts';
import { seedReportFixtures } from '../../server/supervision/tests/fixtures.ts';
import { screenshot, signIn } from './browser.ts';
import { LIVE, liveDesktop, textOf, WEDNESDAY_OPEN } from './live-rig.ts';

const clock = new ManualClock(WEDNESDAY_OPEN);
const rig = liveDesktop({ 'wb-supervisor': ['supervisor'], 'wb-operator': ['operator'] }, { clock });

beforeAll(async () => {
  await seedReportFixtures(rig.server.db.pool);
});

describe('supervision in the browser', { timeout: 45_000 }, () => {
  it('shows a missed 15 s offer on the wallboard the moment it happens', async () => {
    const acd = rig.server.desktop.context.acd;
    await acd.defineQueue({ name: 'voice_wallboard', media: 'voice' });
    const agent = String(rig.userIds['wb-operator']);
    await acd.login({ agentId: agent, skills: [{ queue: 'voice_wallboard' }], state: 'ready' });

    const page = await signIn(rig.browser, rig.server.base, 'wb-supervisor');
    await page.goto(`${rig.server.base}/#/wallboard`);
    await page.getByRole('heading', { name: 'Монитор очередей' }).waitFor();
    await page.getByRole('heading', { name: 'voice_wallboard' }).waitFor();
    const operators = page.getByRole('table', { name: 'Операторы' });
    await expect.poll(() => textOf(operators), LIVE).toContain('Тестовый wb-operator');
    await expect.poll(() => textOf(operators), LIVE).toContain('Готов');

    expect(await acd.enqueue({ id: randomUUID(), queue: 'voice_wallboard', channel: 'phone' })).toMatchObject(
      {
        status: 'offered',
      },
    );
    clock.advance(15_001);
    await acd.processTimers();

    const feed = page.getByRole('list', { name: 'Лента оповещений' });
    await expect
      .poll(() => textOf(feed), LIVE)
      .toContain('Оператор Тестовый wb-operator не принял вызов за 15 секунд (очередь «voice_wallboard»)');
    // The operator was flipped to not ready by the miss, live.
    await expect.poll(() => textOf(operators), LIVE).toContain('Не готов');
    // The call went back to its place: the queue card follows without a reload.
    const card = page.locator('.queue-card', { hasText: 'voice_wallboard' });
    await expect.poll(() => textOf(card), LIVE).toContain('Ожидают1');
    await screenshot(page, 'supervision-wallboard');
    await page.context().close();
  });

  it('shows the head-office report for a period, with its chart and CSV link', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'wb-supervisor');
    await page.goto(`${rig.server.base}/#/reports/appeals`);
    await page.getByLabel('С', { exact: true }).fill('2026-11-02');
    await page.getByLabel('По', { exact: true }).fill('2026-11-02');
    await page.getByRole('button', { name: 'Показать' }).click();
    const table = page.getByRole('table', { name: 'Обращения по темам и каналам' });
    await expect.poll(() => textOf(table.locator('tr.total')), LIVE).toBe('Всего обращений213');
    await page.getByRole('img', { name: 'Обращения по темам' }).waitFor();
    expect(await page.getByRole('link', { name: 'Скачать CSV' }).getAttribute('href')).toBe(
      '/api/supervision/reports/appeals?from=2026-11-02&to=2026-11-02&format=csv',
    );
    await screenshot(page, 'supervision-report-appeals');
    await page.getByRole('button', { name: 'Соблюдение нормативов' }).click();
    await expect
      .poll(() => textOf(page.getByRole('table', { name: 'Соблюдение нормативов' })), LIVE)
      .toContain('Ответ оператора на вызовне позднее 15 с4250 %');
    await page.context().close();
  });

  it('hands an overdue appeal to another operator with a reason', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'wb-supervisor');
    await page.goto(`${rig.server.base}/#/supervisor/appeals`);
    const overdue = page.locator('.panel', { has: page.getByRole('heading', { name: 'Просроченные' }) });
    // The fixtures' two open appeals whose deadlines (5 and 6 Nov) passed before "now" (25 Nov).
    await expect.poll(() => overdue.locator('tbody tr').count(), LIVE).toBe(2);
    await overdue.getByRole('button', { name: 'Передать' }).first().click();
    await overdue.getByLabel('Оператор').selectOption({ label: 'Тестовый wb-operator' });
    await overdue.getByLabel('Причина передачи').fill('Исполнитель на больничном');
    await overdue.getByRole('button', { name: 'Передать обращение' }).click();
    await expect
      .poll(() => textOf(page.getByRole('status')), LIVE)
      .toMatch(/^Обращение ЕКЦ-2026-\d{6} передано\.$/);
    await expect
      .poll(() => textOf(overdue.locator('tbody tr').first()), LIVE)
      .toContain('Тестовый wb-operator');
    await screenshot(page, 'supervision-appeals');
    const { rows } = await rig.server.db.pool.query(
      `select note from appeal_events where data->>'action' = 'reassigned' and (data->'to'->>'userId')::bigint = $1`,
      [rig.userIds['wb-operator']],
    );
    expect(rows).toEqual([{ note: 'Исполнитель на больничном' }]);
    await page.context().close();
  });

  it('refuses an operator politely: no menu entry, a refusal on the page, 403 from the API', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'wb-operator');
    const menu = page.locator('.topbar .menu');
    await expect.poll(() => textOf(menu), LIVE).not.toContain('Монитор');
    expect(await menu.textContent()).not.toContain('Отчёты');
    await page.goto(`${rig.server.base}/#/wallboard`);
    await expect
      .poll(() => textOf(page.getByRole('alert')), LIVE)
      .toContain('Недостаточно прав для этого раздела');
    const status = await page.evaluate(
      `fetch('/api/supervision/reports/appeals?from=2026-11-02&to=2026-11-02').then((r) => r.status)`,
    );
    expect(status).toBe(403);
    await page.context().close();
  });
});
