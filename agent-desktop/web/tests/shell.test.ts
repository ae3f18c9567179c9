import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, desktopInBrowser, signIn } from './browser.ts';

const rig = desktopInBrowser();

beforeAll(async () => {
  await createUser(rig.server.db.pool, 'shell-operator', ['operator']);
});

describe('the desktop in a browser', () => {
  it('refuses a wrong password in Russian and signs in with the right one', async () => {
    const context = await rig.browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(rig.server.base);
    await page.getByLabel('Логин').waitFor();
    // A first visit is no ended session: no «Сеанс завершён» above the form.
    expect(await page.locator('.login .notice').count()).toBe(0);
    await page.getByLabel('Логин').fill('shell-operator');
    await page.getByLabel('Пароль').fill('не тот пароль');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Неверный логин или пароль');
    await context.close();

    const signedIn = await signIn(rig.browser, rig.server.base, 'shell-operator');
    await expect.poll(() => signedIn.locator('.topbar .who').textContent()).toContain('оператор');
    // The live channel connects with the session cookie and reports itself online.
    await expect.poll(() => signedIn.locator('.live').textContent()).toBe('на связи');
    await expect.poll(() => rig.server.desktop.live.connections).toBe(1);
  });

  it('resynchronises after the server drops the socket, without a reload', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'shell-operator');
    await expect.poll(() => page.locator('.live').textContent()).toBe('на связи');
    // Browser-side snippets are strings: this file is type-checked with Node's globals, not the DOM's.
    const marker = await page.evaluate('window.marker = 42');
    const statuses: string[] = [];
    await page.exposeFunction('reportStatus', (status: string) => statuses.push(status));
    await page.evaluate(`{
      const target = document.querySelector('.live');
      new MutationObserver(() => window.reportStatus(target.textContent))
        .observe(target, { childList: true, characterData: true, subtree: true });
    }`);
    rig.server.desktop.live.disconnectAll();
    // Offline for a moment, then connected again by itself — the same page, not a reload.
    await expect.poll(() => statuses.includes('нет связи')).toBe(true);
    await expect.poll(() => page.locator('.live').textContent()).toBe('на связи');
    expect(await page.evaluate('window.marker')).toBe(marker);
  });
});
