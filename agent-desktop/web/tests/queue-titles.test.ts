import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/testing/clock.ts';
import { loadQueues, publishQueues, saveQueue, saveSkills } from '../../server/acd/index.ts';
import { screenshot, signIn } from './browser.ts';
import { LIVE, liveDesktop, textOf, WEDNESDAY_OPEN } from './live-rig.ts';

/** Queues appear by their titles (acd_queues.title), not the ACD's ids, wherever a screen names one. */
const clock = new ManualClock(WEDNESDAY_OPEN);
const rig = liveDesktop(
  {
    'qt-supervisor': ['supervisor'],
    'qt-operator': ['operator'],
    'qt-admin': ['admin'],
    'qt-skilled': ['operator'],
  },
  { clock },
);

beforeAll(async () => {
  const pool = rig.server.db.pool;
  await saveQueue(pool, { name: 'qt_billing', title: 'Звонки: оплата и начисления', media: 'voice' });
  await saveQueue(pool, { name: 'qt_untitled', media: 'voice' });
  await saveSkills(pool, String(rig.userIds['qt-operator']), [{ queue: 'qt_billing', level: 5 }]);
  await saveSkills(pool, String(rig.userIds['qt-skilled']), [{ queue: 'qt_billing', level: 7 }]);
  await publishQueues(rig.server.desktop.context.acd, await loadQueues(pool));
});

describe('queue titles in the browser', { timeout: 60_000 }, () => {
  it('names the queue by its title on the offer card, the operator’s bar and the wallboard', async () => {
    const operator = await signIn(rig.browser, rig.server.base, 'qt-operator');
    await operator.goto(`${rig.server.base}/#/workspace`);
    await operator.getByRole('button', { name: 'Войти в очереди' }).click();
    await expect
      .poll(() => textOf(operator.getByRole('region', { name: 'Состояние оператора' })), LIVE)
      .toContain('Очереди: Звонки: оплата и начисления');

    const supervisor = await signIn(rig.browser, rig.server.base, 'qt-supervisor');
    await supervisor.goto(`${rig.server.base}/#/wallboard`);
    await supervisor.getByRole('heading', { name: 'Звонки: оплата и начисления' }).waitFor();
    // A queue without a title keeps its id: still named, never blank.
    await supervisor.getByRole('heading', { name: 'qt_untitled' }).waitFor();
    expect(await supervisor.getByRole('heading', { name: 'qt_billing' }).count()).toBe(0);

    await rig.server.desktop.context.acd.enqueue({ id: randomUUID(), queue: 'qt_billing', channel: 'phone' });
    const offer = operator.getByRole('region', { name: 'Входящее предложение' });
    await offer.waitFor();
    const facts = await textOf(offer.locator('dl'));
    expect(facts).toContain('ОчередьЗвонки: оплата и начисления');
    expect(facts).not.toContain('qt_billing');
    await screenshot(operator, 'queue-titles-offer');

    // A missed offer: the supervisor's feed names the queue by its title too.
    clock.advance(15_001);
    await rig.server.desktop.context.acd.processTimers();
    await expect
      .poll(() => textOf(supervisor.getByRole('list', { name: 'Лента оповещений' })), LIVE)
      .toContain('не принял вызов за 15 секунд (очередь «Звонки: оплата и начисления»)');
    await screenshot(supervisor, 'queue-titles-wallboard');
    await operator.context().close();
    await supervisor.context().close();
  });

  it('names the skill checkboxes on the admin users screen by queue title; skills still save by id', async () => {
    const admin = await signIn(rig.browser, rig.server.base, 'qt-admin');
    await admin.goto(`${rig.server.base}/#/admin/users`);
    await admin.getByRole('button', { name: 'qt-skilled' }).click();
    const skills = admin.getByRole('group', { name: 'Очереди и уровень навыка (1–10)' });
    const billing = skills.getByRole('checkbox', { name: 'Звонки: оплата и начисления' });
    // Named by its title once the live `hello` brought the titles.
    await billing.waitFor({ timeout: LIVE.timeout });
    expect(await billing.isChecked()).toBe(true);
    expect(await skills.getByLabel('Уровень в очереди «Звонки: оплата и начисления»').inputValue()).toBe('7');
    // The untitled queue is named by its id; the titled one never is.
    expect(await textOf(skills)).not.toContain('qt_billing');
    await skills.getByRole('checkbox', { name: 'qt_untitled' }).check();
    await skills.getByLabel('Уровень в очереди «qt_untitled»').fill('3');
    await screenshot(admin, 'queue-titles-admin-skills');
    await admin.getByRole('button', { name: 'Сохранить' }).click();
    await expect
      .poll(
        async () =>
          (
            await rig.server.db.pool.query(
              'select queue, level from acd_agent_skills where user_id = $1 order by queue',
              [rig.userIds['qt-skilled']],
            )
          ).rows,
        LIVE,
      )
      .toEqual([
        { queue: 'qt_billing', level: 7 },
        { queue: 'qt_untitled', level: 3 },
      ]);
    await admin.context().close();
  });
});
