import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveQueue, saveSkills } from '../../agent-desktop/server/acd/index.ts';
import { createUser } from '../../agent-desktop/server/tests/helpers.ts';
import { launchBrowser, screenshot, signIn } from '../../agent-desktop/web/tests/browser.ts';
import { fillBillingFixture, IVANOV } from '../../core/billing/tests/fixtures.ts';
import { DEMO_QUEUES } from '../../core/seed/queues.ts';
import { createTestDatabase, type TestDatabase } from '../../core/testing/pg.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { IVR_PROMPTS } from '../../ivr/prompts/ru.ts';
import { type SpeechDouble, startSpeechDouble } from '../../ivr/speech/double.ts';
import { type AriEventLike, type DoubleProcess, RemoteCaller, startDoubleProcess } from '../phone-line.ts';
import { alwaysOpenSchedule, freePort, type PlatformProcess, startService } from '../processes.ts';

/**
 * The call scenarios with every part in its own process: the ARI double (standing in for
 * Asterisk), the IVR (`hotline start ivr`, ARI_URL → the double), the ACD and the desktop. The
 * caller is a phone on the double's line: it hears the prompts the IVR plays and presses keys;
 * operators work in Chromium and pick up their (simulated) desk phones.
 */
let db: TestDatabase;
let redis: TestRedis;
let browser: Browser;
let speech: SpeechDouble;
let line: DoubleProcess;
let dir: string;
const processes: PlatformProcess[] = [];
let desktopUrl = '';
const users: Record<string, number> = {};
const agentLegs: Array<{ channelId: string; endpoint: string }> = [];

/** What the locator shows now ('' while absent): a poll must not block waiting for the element. */
const textOf = (locator: Locator) => locator.allTextContents().then((parts) => parts.join(''));
const is = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

async function operator(login: string, endpoint: string, level: number): Promise<number> {
  const id = await createUser(db.pool, login, ['operator']);
  await db.pool.query('update users set sip_endpoint = $2 where id = $1', [id, endpoint]);
  await saveSkills(
    db.pool,
    String(id),
    DEMO_QUEUES.filter((q) => q.media === 'voice').map((q) => ({ queue: q.name, level })),
  );
  return id;
}

async function goReady(login: string): Promise<Page> {
  const page = await signIn(browser, desktopUrl, login);
  await page.goto(`${desktopUrl}/#/workspace`);
  await page.getByRole('button', { name: 'Войти в очереди' }).click();
  await page.getByRole('button', { name: 'Войти в очереди' }).waitFor({ state: 'detached' });
  return page;
}

beforeAll(async () => {
  [db, redis, browser, speech] = await Promise.all([
    createTestDatabase(),
    createTestRedis(),
    launchBrowser(),
    startSpeechDouble({ msPerChar: 8 }),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'hotline-e2e-call-'));
  await fillBillingFixture(db.pool);
  for (const queue of DEMO_QUEUES) await saveQueue(db.pool, queue);
  users.first = await operator('e2e-op1', 'PJSIP/e2e-op1', 5);
  users.ignoring = await operator('e2e-op2', 'PJSIP/e2e-op2', 9);
  users.second = await operator('e2e-op3', 'PJSIP/e2e-op3', 5);
  users.supervisor = await createUser(db.pool, 'e2e-supervisor', ['supervisor']);

  line = await startDoubleProcess({
    username: 'hotline',
    password: 'e2e-ari-secret',
    app: 'hotline',
    spoolDir: join(dir, 'spool'),
    soundsDir: join(dir, 'sounds'),
  });
  line.events.on('event', (event: AriEventLike) => {
    if (event.type === 'StasisStart' && event.args?.[0] === 'agent')
      agentLegs.push({ channelId: event.channel!.id, endpoint: event.channel!.name ?? '' });
  });
  // The operators' desk phones: the first picks up 6 s after it rings (after the click in the
  // browser), the one who ignores the offer never does, the next picks up after 3 s.
  await line.command({ op: 'defineEndpoint', endpoint: 'PJSIP/e2e-op1', answerAfterMs: 6_000 });
  await line.command({ op: 'defineEndpoint', endpoint: 'PJSIP/e2e-op2', answerAfterMs: null });
  await line.command({ op: 'defineEndpoint', endpoint: 'PJSIP/e2e-op3', answerAfterMs: 3_000 });

  const [desktopPort, acdPort] = await Promise.all([freePort(), freePort()]);
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    HOTLINE_EKC_SCHEDULE_FILE: await alwaysOpenSchedule(),
    DESKTOP_PORT: String(desktopPort),
    DESKTOP_COOKIE_SECURE: 'false',
    ACD_GRPC_PORT: String(acdPort),
    ACD_FIGURES_EVERY_MS: '1000',
    ARI_URL: line.url,
    ARI_USER: 'hotline',
    ARI_PASSWORD: 'e2e-ari-secret',
    ARI_APP: 'hotline',
    IVR_SOUNDS_DIR: join(dir, 'sounds'),
    IVR_SYNTHESIS: 'grpc',
    SPEECH_GRPC_ADDRESS: speech.address,
    ASTERISK_SPOOL_DIR: line.spoolDir,
    RECORDINGS_DIR: join(dir, 'stored'),
  };
  // The ACD first: it publishes the queue definitions from PostgreSQL to Redis.
  processes.push(await startService('acd', env));
  processes.push(...(await Promise.all([startService('desktop', env), startService('ivr', env)])));
  desktopUrl = `http://127.0.0.1:${desktopPort}`;
}, 240_000); // two rounds of service starts (processes.ts SERVICE_START_TIMEOUT_MS)

afterAll(async () => {
  await browser?.close();
  for (const running of processes.reverse()) await running.stop();
  await line?.stop();
  await speech?.close();
  await redis?.cleanup();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('end to end, separate processes: a call through the IVR to an operator in the browser', () => {
  it('identifies, hears the debt in words, submits a reading, waits for the operator who accepts within 15 s and registers an appeal; rates 4', async () => {
    const workspace = await goReady('e2e-op1');
    const caller = await RemoteCaller.dial(line, IVANOV.phone, speech.texts, [
      { when: is(IVR_PROMPTS.mainMenu), keys: '1' },
      { when: is(IVR_PROMPTS.phoneLinked), keys: '2' },
      { when: is(IVR_PROMPTS.askAccount), keys: `${IVANOV.account}#` },
      { when: is(IVR_PROMPTS.askSecondFactor), keys: '5#' },
      { when: is(IVR_PROMPTS.anythingElse), keys: '1' },
      { when: is(IVR_PROMPTS.mainMenu), keys: '2' },
      { when: /^Введите показание/, keys: '12300*5#' },
      { when: /^Введите показание/, keys: '5300#' },
      { when: is(IVR_PROMPTS.readBackConfirm), keys: '1' },
      { when: is(IVR_PROMPTS.anythingElse), keys: '1' },
      { when: is(IVR_PROMPTS.mainMenu), keys: '0' },
      { when: is(IVR_PROMPTS.csatAsk), keys: '4' },
    ]);
    const debt = await caller.until(/^Задолженность по Вашему лицевому счёту/);
    expect(debt).toMatch(/рубл/);
    expect(debt).not.toMatch(/\d{3}/); // in words, not figures
    expect(await caller.until(/показания переданы/)).toContain('Спасибо, показания переданы.');

    const offer = workspace.getByRole('region', { name: 'Входящее предложение' });
    await offer.waitFor({ timeout: 30_000 });
    const offeredAt = Date.now();
    await offer.getByRole('button', { name: 'Принять' }).click();
    await offer.waitFor({ state: 'detached', timeout: 10_000 });
    expect(Date.now() - offeredAt).toBeLessThan(15_000);
    await screenshot(workspace, 'e2e-call-accepted');

    // The desk phone picks up and is bridged; while they talk the operator registers an appeal
    // from the client's card, then puts the phone down.
    await expect.poll(() => agentLegs.length, { timeout: 15_000 }).toBe(1);
    await caller.until(is(IVR_PROMPTS.transferring));
    await workspace.getByRole('region', { name: 'Текущий звонок' }).waitFor();
    const form = workspace.getByRole('form', { name: 'Регистрация обращения' });
    await form.getByLabel('Платёжный документ').check();
    await form.getByLabel('Суть обращения').fill('Клиент просит проверить начисление за октябрь');
    await form.getByRole('button', { name: 'Зарегистрировать обращение' }).click();
    await expect
      .poll(() => textOf(form.getByRole('status')), { timeout: 10_000 })
      .toMatch(/^Обращение зарегистрировано: ЕКЦ-/);
    await line.command({ op: 'farEndHangup', channelId: agentLegs[0]!.channelId, cause: 16 });
    await caller.until(is(IVR_PROMPTS.csatThanks));
    await caller.ended;
    expect(caller.answeredAll).toBe(true);

    // Wrap-up in the desktop: the appeal is the outcome; then the operator leaves the queues.
    const wrapUp = workspace.getByRole('region', { name: 'Поствызывная обработка' });
    await wrapUp.waitFor({ timeout: 10_000 });
    await wrapUp.getByLabel('Зарегистрировано обращение').check();
    await wrapUp.getByRole('button', { name: 'Завершить обработку' }).click();
    await workspace.getByRole('button', { name: 'Выйти из очередей' }).click();
    await workspace.getByRole('button', { name: 'Войти в очереди' }).waitFor({ timeout: 10_000 });

    // PostgreSQL: the interaction with its steps, the rating, the appeal, the recording.
    const { rows } = await db.pool.query<{ id: string; csat: number; agent: string; outcome: string }>(
      `select id, csat, agent_id::text as agent, outcome from interactions where channel = 'phone'`,
    );
    expect(rows).toEqual([
      { id: expect.any(String), csat: 4, agent: String(users.first), outcome: 'appeal_registered' },
    ]);
    const interactionId = rows[0]!.id;
    const steps = (
      await db.pool.query<{ kind: string }>(
        'select kind from interaction_events where interaction_id = $1 order by id',
        [interactionId],
      )
    ).rows.map((row) => row.kind);
    for (const step of [
      'ivr.identified',
      'ivr.balance_told',
      'ivr.reading_submitted',
      'ivr.operator_connected',
    ])
      expect(steps, steps.join(' ')).toContain(step);
    // A meter-reading call goes to the voice queue that lists the topic (the demo's voice_billing).
    const queued = await db.pool.query(
      `select data from interaction_events where interaction_id = $1 and kind = 'ivr.queue_estimate'`,
      [interactionId],
    );
    expect(queued.rows[0].data).toMatchObject({ queue: 'voice_billing' });
    const accepted = await db.pool.query(
      `select data from interaction_events where interaction_id = $1 and kind = 'ivr.reading_submitted'`,
      [interactionId],
    );
    expect(accepted.rows[0].data).toMatchObject({ accepted: true });
    const appeal = await db.pool.query(
      'select reg_number, topics, channel from appeals where interaction_id = $1',
      [interactionId],
    );
    expect(appeal.rows).toEqual([
      { reg_number: expect.stringMatching(/^ЕКЦ-/), topics: ['bill'], channel: 'phone' },
    ]);
    await expect
      .poll(
        async () =>
          (
            await db.pool.query('select count(*)::int as n from recordings where interaction_id = $1', [
              interactionId,
            ])
          ).rows[0].n,
        { timeout: 15_000 },
      )
      .toBe(1);

    // The supervisor's CSAT report counts the call for its operator.
    const supervisor = await signIn(browser, desktopUrl, 'e2e-supervisor');
    // Local days of the ЕКЦ's zone: a day either side covers "today" wherever CI runs.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const report = await supervisor.request.get(
      `${desktopUrl}/api/supervision/reports/csat?from=${day(-1)}&to=${day(1)}&format=json`,
    );
    expect(report.status()).toBe(200);
    const { byOperator } = (await report.json()) as { byOperator: Array<Record<string, unknown>> };
    expect(byOperator).toEqual([
      expect.objectContaining({ key: String(users.first), label: 'Тестовый e2e-op1', rated: 1, average: 4 }),
    ]);
    await supervisor.context().close();
    await workspace.context().close();
  }, 90_000);

  it('an operator ignores the offer: at 15 s the call moves to the next operator and the wallboard shows the miss', async () => {
    const wallboard = await signIn(browser, desktopUrl, 'e2e-supervisor');
    await wallboard.goto(`${desktopUrl}/#/wallboard`);
    await wallboard.getByRole('heading', { name: 'Монитор очередей' }).waitFor();
    // Ready one after the other: the queue offers the longest idle first, the one who ignores it.
    const ignoring = await goReady('e2e-op2');
    const next = await goReady('e2e-op3');
    const legsBefore = agentLegs.length;
    const caller = await RemoteCaller.dial(line, '+79990001122', speech.texts, [
      { when: is(IVR_PROMPTS.mainMenu), keys: '0' },
      { when: is(IVR_PROMPTS.csatAsk), keys: '5' },
    ]);

    const ignored = ignoring.getByRole('region', { name: 'Входящее предложение' });
    await ignored.waitFor({ timeout: 30_000 });
    const firstOfferAt = Date.now();
    const offer = next.getByRole('region', { name: 'Входящее предложение' });
    await offer.waitFor({ timeout: 25_000 });
    const movedAfter = Date.now() - firstOfferAt;
    expect(movedAfter).toBeGreaterThanOrEqual(14_000); // the browser saw the first offer a moment late
    expect(movedAfter).toBeLessThan(20_000);
    await offer.getByRole('button', { name: 'Принять' }).click();

    const feed = wallboard.getByRole('list', { name: 'Лента оповещений' });
    await expect
      .poll(() => textOf(feed), { timeout: 10_000 })
      .toContain('Оператор Тестовый e2e-op2 не принял вызов за 15 секунд (очередь «Звонки: общие вопросы»)');
    await screenshot(wallboard, 'e2e-call-missed-offer');
    const operators = wallboard.getByRole('table', { name: 'Операторы' });
    await expect.poll(() => textOf(operators), { timeout: 10_000 }).toContain('Не готов');

    await expect.poll(() => agentLegs.length, { timeout: 15_000 }).toBe(legsBefore + 1);
    expect(agentLegs.at(-1)!.endpoint).toContain('e2e-op3');
    await line.command({ op: 'farEndHangup', channelId: agentLegs.at(-1)!.channelId, cause: 16 });
    await caller.ended;
    expect(caller.answeredAll).toBe(true);
    const { rows } = await db.pool.query<{ csat: number; agent: string }>(
      `select csat, agent_id::text as agent from interactions where channel = 'phone' and csat = 5`,
    );
    expect(rows).toEqual([{ csat: 5, agent: String(users.second) }]);
    for (const page of [wallboard, ignoring, next]) await page.context().close();
    // Every process stops cleanly on SIGTERM, as systemd or Docker stop it.
    for (const running of [...processes].reverse()) expect(await running.stop(), running.output()).toBe(0);
    expect(await line.stop()).toBe(0);
  }, 90_000);
});
