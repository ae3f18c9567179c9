import { beforeAll, describe, expect, it } from 'vitest';
import { loadQueues, publishQueues, saveSkills } from '../../server/acd/index.ts';
import { createUser, desktopInBrowser, screenshot, signIn } from './browser.ts';

const rig = desktopInBrowser();

beforeAll(async () => {
  await createUser(rig.server.db.pool, 'admin-browser', ['admin']);
  await rig.server.db.pool.query(`insert into acd_queues (name, media) values ('voice_general', 'voice')`);
});

describe('administration in the browser', () => {
  it('an admin creates an operator with a queue skill; the operator signs in with the one-time password', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'admin-browser');
    await page.getByRole('link', { name: 'Пользователи' }).click();
    await page.getByLabel('Логин').fill('novikova');
    await page.getByLabel('ФИО').fill('Новикова Мария Андреевна');
    await page.getByLabel('Телефон оператора (SIP)').fill('PJSIP/1077');
    await page.getByRole('button', { name: 'Создать' }).click();
    const notice = page.getByRole('status');
    await expect.poll(() => notice.textContent()).toContain('Временный пароль для «novikova»');
    const password = (await notice.locator('code').textContent()) ?? '';
    expect(password).toMatch(/^[A-Za-z2-9]{14}$/);

    await page.getByRole('button', { name: 'novikova' }).click();
    await page.getByLabel('voice_general').check();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect
      .poll(async () => (await rig.server.db.pool.query('select queue, level from acd_agent_skills')).rows)
      .toEqual([{ queue: 'voice_general', level: 5 }]);
    await screenshot(page, 'admin-users');

    const operator = await signIn(rig.browser, rig.server.base, 'novikova', password);
    expect(await operator.locator('.topbar .who').textContent()).toContain('Новикова Мария Андреевна');
    // No admin screens in the operator's menu, and the server refuses the API.
    expect(await operator.getByRole('link', { name: 'Пользователи' }).count()).toBe(0);
    expect(await operator.evaluate('fetch("/api/admin/users").then((r) => r.status)')).toBe(403);
  });

  it('an admin titles a new queue and renames an old one; an operator’s open screen shows the new title', async () => {
    const LIVE = { timeout: 15_000, interval: 100 };
    const { server, browser } = rig;
    const pool = server.db.pool;
    // An operator already at work in the untitled queue (made before titles existed).
    await publishQueues(server.desktop.context.acd, await loadQueues(pool));
    const operatorId = await createUser(pool, 'titles-operator', ['operator']);
    await saveSkills(pool, String(operatorId), [{ queue: 'voice_general', level: 5 }]);
    const operator = await signIn(browser, server.base, 'titles-operator');
    await operator.goto(`${server.base}/#/workspace`);
    await operator.getByRole('button', { name: 'Войти в очереди' }).click();
    const stateBar = operator.getByRole('region', { name: 'Состояние оператора' });
    await expect.poll(() => stateBar.textContent(), LIVE).toContain('Очереди: voice_general');

    const page = await signIn(browser, server.base, 'admin-browser');
    await page.getByRole('link', { name: 'Очереди' }).click();
    await page.getByRole('button', { name: 'Новая очередь' }).click();
    const save = page.getByRole('button', { name: 'Сохранить' });
    await page.getByLabel('Имя (латиница, цифры, _)').fill('voice_debt');
    // A new queue needs a title; one over 80 characters is refused with the server's Russian message.
    expect(await save.isDisabled()).toBe(true);
    await page.getByLabel('Название очереди').fill('Д'.repeat(81));
    await save.click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('title: Название очереди — от 1 до 80 символов');
    await page.getByLabel('Название очереди').fill('  Звонки: задолженность ');
    await save.click();
    await page.getByRole('button', { name: 'Звонки: задолженность' }).waitFor();
    expect((await pool.query(`select title from acd_queues where name = 'voice_debt'`)).rows).toEqual([
      { title: 'Звонки: задолженность' },
    ]);

    // The old queue is listed by its id until it gets a title; the operator's bar follows at once.
    await page.getByRole('button', { name: 'voice_general' }).click();
    await page.getByLabel('Название очереди').fill('Звонки: общие вопросы');
    await save.click();
    await page.getByRole('button', { name: 'Звонки: общие вопросы' }).waitFor();
    await expect.poll(() => stateBar.textContent(), LIVE).toContain('Очереди: Звонки: общие вопросы');
    await screenshot(page, 'admin-queues');
    await operator.context().close();
    await page.context().close();
  });

  it('an admin edits a knowledge answer and sees the new version', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'admin-browser');
    await page.getByRole('link', { name: 'База знаний' }).click();
    await page.getByRole('button', { name: 'Способы оплаты' }).click();
    const text = page.getByLabel('Текст ответа').first();
    await text.fill('Оплатить счёт можно в личном кабинете, в банке и в наших офисах. Благодарим Вас!');
    await page.getByRole('button', { name: 'Опубликовать новую версию' }).first().click();
    await expect
      .poll(
        async () =>
          (
            await rig.server.db.pool.query(
              `select body from knowledge_answers where topic = 'payment_methods' and variant = 'text' and active`,
            )
          ).rows[0]?.body,
      )
      .toContain('в личном кабинете');
    await expect
      .poll(() => page.locator('.panel .muted').filter({ hasText: 'Версия' }).first().textContent())
      .toContain('admin-browser');
  });
});
