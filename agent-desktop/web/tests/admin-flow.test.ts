import { beforeAll, describe, expect, it } from 'vitest';
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
