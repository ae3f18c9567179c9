import { beforeAll, describe, expect, it } from 'vitest';
import { fillBillingFixture } from '../../../core/billing/tests/fixtures.ts';
import { ManualClock } from '../../../core/testing/clock.ts';
import { createUser, desktopInBrowser, screenshot, signIn } from './browser.ts';

// Friday 27 November 2026, 19:00 in Krasnoyarsk: a phone appeal's 1 working day ends on Monday.
const clock = new ManualClock('2026-11-27T12:00:00Z');
const rig = desktopInBrowser({ clock });

beforeAll(async () => {
  await fillBillingFixture(rig.server.db.pool);
  await createUser(rig.server.db.pool, 'records-operator', ['operator']);
});

describe('the client card in a browser', () => {
  it('searches, shows the card masked, identifies the client, registers an appeal with number and deadline', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'records-operator');
    await page.getByRole('link', { name: 'Клиенты' }).click();
    await page.getByLabel('По фамилии').check();
    await page.getByLabel('Фамилия').fill('Иванов');
    await page.getByRole('button', { name: 'Найти' }).click();
    // Two accounts of Иванов: the list shows the owner masked; open the one in Абакан.
    await page.getByRole('button', { name: 'Открыть карточку 1901000001' }).click();

    const card = page.getByRole('region', { name: 'Карточка клиента' });
    await expect.poll(() => card.locator('.owner-name').textContent()).toBe('И*** И. И.');
    expect(await card.locator('.account-address').textContent()).toBe('г. Абакан, …');
    expect(await card.textContent()).not.toContain('Задолженность');
    await screenshot(page, 'records-card-masked');

    await page.getByLabel('Названные ФИО').fill('Сидоров Иван');
    await page.getByRole('button', { name: 'Проверить ФИО' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Названные фамилия и имя не совпадают с владельцем лицевого счёта');
    await page.getByLabel('Названный номер счёта').fill('1901000001');
    await page.getByRole('button', { name: 'Проверить счёт или адрес' }).click();
    await page.getByLabel('Названные ФИО').fill('Иванов Иван Иванович');
    await page.getByRole('button', { name: 'Проверить ФИО' }).click();

    await expect.poll(() => card.locator('.owner-name').textContent()).toBe('Иванов Иван Иванович');
    expect(await card.locator('.account-address').textContent()).toBe('г. Абакан, ул. Ленина, д. 12, кв. 5');
    await expect.poll(() => card.getByText('Задолженность').count()).toBe(1);
    await expect.poll(() => card.getByText('отклонено: неправдоподобный расход').count()).toBe(1);
    await screenshot(page, 'records-card-identified');

    const form = page.getByRole('form', { name: 'Регистрация обращения' });
    await form.getByLabel('Вид обращения').selectOption('complex');
    await expect
      .poll(() => form.locator('.deadline-preview').textContent())
      .toContain('пн, 30.11.2026 23:59');
    await form.getByLabel('Платёжный документ').check();
    await form.getByLabel('Суть обращения').fill('Клиент не видит оплату от 9 октября в квитанции');
    await form.getByRole('button', { name: 'Зарегистрировать обращение' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent())
      .toBe('Обращение зарегистрировано: ЕКЦ-2026-000001. Срок ответа: пн, 30.11.2026 23:59.');
    await screenshot(page, 'records-appeal-registered');

    const { rows } = await rig.server.db.pool.query('select account_id, topics, deadline_at from appeals');
    expect(rows).toEqual([
      { account_id: 1, topics: ['bill'], deadline_at: new Date('2026-11-30T16:59:59Z') },
    ]);
    await page.getByRole('link', { name: 'Обращения' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Мои обращения' }).textContent())
      .toContain('ЕКЦ-2026-000001');
    await page.getByRole('link', { name: 'ЕКЦ-2026-000001' }).click();
    const answer = page.getByRole('form', { name: 'Ответ клиенту' });
    await answer.getByRole('textbox').fill('Оплата от 9 октября зачтена, она будет в следующей квитанции.');
    await answer.getByRole('button', { name: 'Записать ответ' }).click();
    // A phone answer is given in a call: the screen keeps it as a call-back task until done.
    const messages = page.getByRole('region', { name: 'Сообщения клиенту' });
    await expect.poll(() => messages.textContent()).toContain('Перезвоните клиенту');
    await expect.poll(() => page.locator('.appeal-stages li').count()).toBe(2);
    await screenshot(page, 'records-my-appeals');
    await messages.getByLabel('Как ответ передан клиенту').fill('Сообщён по телефону');
    await messages.getByRole('button', { name: 'Ответ передан клиенту' }).click();
    await expect.poll(() => messages.textContent()).toContain('Отмечено сотрудником как переданное клиенту');
    await expect
      .poll(() => page.locator('.appeal-stages li').last().textContent())
      .toContain('сообщение отправлено клиенту: Сообщён по телефону');
    await expect
      .poll(() => page.getByRole('table', { name: 'Мои обращения' }).textContent())
      .toContain('Отправлено');
  });
});
