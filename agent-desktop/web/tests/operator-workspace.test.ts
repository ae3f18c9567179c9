import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeService } from '../../../core/nlu/knowledge/service.ts';
import { ManualClock } from '../../../core/testing/clock.ts';
import { saveQueue, saveSkills } from '../../server/acd/index.ts';
import { createUser, desktopInBrowser, screenshot, signIn } from './browser.ts';

// Wednesday 10:00 in Krasnoyarsk (ЕКЦ hours). The server's clock is moved by hand: the offer's
// 15 s are the server's 15 s, whatever the browser's clock says.
const clock = new ManualClock('2026-11-25T03:00:00Z');
const rig = desktopInBrowser({ clock, env: { HOTLINE_TZ: 'Asia/Krasnoyarsk' } });
let page: Page;
let accountId: number;

async function identifiedCall(): Promise<string> {
  const id = randomUUID();
  await rig.server.db.pool.query(
    `insert into interactions (id, channel, state, started_at, account_id, client_id, topics)
     select $1, 'phone', 'queued', now(), a.id, a.client_id, '{balance}' from accounts a where a.id = $2`,
    [id, accountId],
  );
  await rig.server.desktop.context.acd.enqueue({
    id,
    queue: 'bt_voice',
    channel: 'phone',
    topics: ['balance'],
  });
  return id;
}

const stateBadge = () => page.getByTestId('agent-state').textContent();

beforeAll(async () => {
  const pool = rig.server.db.pool;
  const operator = await createUser(pool, 'ws-browser', ['operator']);
  await saveQueue(pool, { name: 'bt_voice', media: 'voice', topics: ['balance'] });
  await saveSkills(pool, String(operator), [{ queue: 'bt_voice', level: 5 }]);
  const { rows: client } = await pool.query(
    `insert into clients (type, full_name, phones) values ('individual', 'Смирнова Ольга Ивановна', '{+79130000001}')
     returning id`,
  );
  const { rows: account } = await pool.query(
    `insert into accounts (number, client_id, owner_full_name, area, settlement, street, house, apartment, full_address)
     values ('2400077777', $1, 'Смирнова Ольга Ивановна', 'Центральный', 'Красноярск', 'Мира', '10', '5',
             'г. Красноярск, ул. Мира, д. 10, кв. 5')
     returning id`,
    [client[0].id],
  );
  accountId = Number(account[0].id);
  await new KnowledgeService(pool).seed();
  page = await signIn(rig.browser, rig.server.base, 'ws-browser');
  await page.goto(`${rig.server.base}/#/workspace`);
});

// Each flow takes 2-3 s alone; with every browser test file running at once it may take far longer.
const FLOW_TIMEOUT_MS = 60_000;
/** How long a live change may take to show (events, then a desk load) on a loaded machine. */
const LIVE = { timeout: 15_000 };

describe('the operator workspace in a browser', () => {
  it(
    'signs in, goes ready, takes a call within 15 s with the card, registers an appeal, wraps up and is ready again',
    async () => {
      await page.getByText('Вы не в очередях').waitFor();
      await page.getByRole('button', { name: 'Войти в очереди' }).click();
      await expect.poll(stateBadge, LIVE).toBe('Готов');
      await page.getByTestId('time-in-state').waitFor();

      const call = await identifiedCall();
      const offer = page.getByRole('region', { name: 'Входящее предложение' });
      await offer.waitFor();
      const seconds = Number(await offer.getByRole('timer').textContent());
      // Counting down from 15 by the server's clock (the browser may be slow to get here under load).
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(15);
      await expect.poll(() => offer.textContent(), LIVE).toContain('2400077777');
      // For a call the card pops with the offer, before it is accepted.
      await page.getByRole('region', { name: 'Карточка клиента' }).waitFor();
      await expect.poll(stateBadge, LIVE).toBe('Поступает вызов');
      await screenshot(page, 'workspace-offer');

      clock.advance(9_000);
      await offer.getByRole('button', { name: 'Принять' }).click();
      await page.getByRole('region', { name: 'Текущий звонок' }).waitFor();
      await expect.poll(stateBadge, LIVE).toBe('Обслуживает');
      // During the call an appeal is registered for it (the records area's form, composed here).
      const form = page.getByRole('form', { name: 'Регистрация обращения' });
      await form.getByLabel('Платёжный документ').check();
      await form.getByLabel('Суть обращения').fill('Клиент просит пересчитать начисление за октябрь');
      await form.getByRole('button', { name: 'Зарегистрировать обращение' }).click();
      await expect
        .poll(() => form.getByRole('status').textContent(), LIVE)
        .toMatch(/^Обращение зарегистрировано: ЕКЦ-2026-/);
      await screenshot(page, 'workspace-call');

      clock.advance(120_000);
      await page.getByRole('button', { name: 'Завершить разговор' }).click();
      const wrapUp = page.getByRole('region', { name: 'Поствызывная обработка' });
      await wrapUp.waitFor();
      expect(await wrapUp.getByRole('timer').textContent()).toMatch(/^(5:00|4:[0-5]\d)$/);
      await expect.poll(stateBadge, LIVE).toBe('Поствызывная обработка');
      // The appeal registered during the call is the suggested outcome; the operator may change it.
      expect(await wrapUp.getByLabel('Зарегистрировано обращение').isChecked()).toBe(true);
      await wrapUp.getByLabel('Вопрос решён').check();
      await wrapUp.getByLabel('Зарегистрировано обращение').check();
      const finish = wrapUp.getByRole('button', { name: 'Завершить обработку' });
      await screenshot(page, 'workspace-wrap-up');
      await finish.click();
      await expect.poll(stateBadge, LIVE).toBe('Готов');
      await page.getByText('Ожидайте вызова').waitFor();
      const { rows } = await rig.server.db.pool.query(
        'select i.outcome, a.interaction_id from interactions i left join appeals a on a.interaction_id = i.id where i.id = $1',
        [call],
      );
      expect(rows).toEqual([{ outcome: 'appeal_registered', interaction_id: call }]);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'a missed offer flips the operator to not ready and says so; an auto-ended wrap-up still takes the outcome; a caller leaving during the offer is explained',
    async () => {
      const missed = await identifiedCall();
      const offer = page.getByRole('region', { name: 'Входящее предложение' });
      await offer.waitFor();
      clock.advance(15_001);
      await rig.server.desktop.context.acd.processTimers();
      await offer.waitFor({ state: 'detached' });
      await expect
        .poll(() => page.getByRole('alert').first().textContent(), LIVE)
        .toContain('Вызов не был принят за 15 секунд и передан другому оператору');
      await expect.poll(stateBadge, LIVE).toBe('Не готов: пропущен вызов');
      await screenshot(page, 'workspace-missed-offer');

      // Ready again: the waiting call is offered at once and the message goes away.
      await page.getByRole('button', { name: 'Готов' }).click();
      await offer.waitFor();
      await expect.poll(() => page.getByText('Вызов не был принят').count(), LIVE).toBe(0);

      // Wrap-up left past its 5 minutes is ended by the ACD; the outcome is still asked for and kept.
      await offer.getByRole('button', { name: 'Принять' }).click();
      await page.getByRole('button', { name: 'Завершить разговор' }).click();
      const wrapUp = page.getByRole('region', { name: 'Поствызывная обработка' });
      await wrapUp.getByRole('timer').waitFor();
      clock.advance(300_001);
      await rig.server.desktop.context.acd.processTimers();
      await expect.poll(() => wrapUp.textContent(), LIVE).toContain('завершена автоматически');
      await wrapUp.getByLabel('Нужен обратный звонок').check();
      await wrapUp.getByRole('button', { name: 'Сохранить итог' }).click();
      await wrapUp.waitFor({ state: 'detached' });
      const { rows } = await rig.server.db.pool.query('select outcome from interactions where id = $1', [
        missed,
      ]);
      expect(rows).toEqual([{ outcome: 'callback_requested' }]);

      // A caller who hangs up while the offer rings: the offer goes, the operator stays ready and is told.
      const leaving = await identifiedCall();
      await offer.waitFor();
      expect(await rig.server.desktop.context.acd.cancel(leaving)).toBe('abandoned');
      await offer.waitFor({ state: 'detached' });
      await expect
        .poll(() => page.getByRole('alert').first().textContent(), LIVE)
        .toContain('Клиент завершил обращение, не дождавшись ответа');
      await expect.poll(stateBadge, LIVE).toBe('Готов');
    },
    FLOW_TIMEOUT_MS,
  );
});
