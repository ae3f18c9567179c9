import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { IVANOV } from '../../core/billing/tests/fixtures.ts';
import { sendOperatorMessage } from '../dialog/operator-relay.ts';
import { VkDouble } from '../doubles/vk/index.ts';
import {
  AFTER_HOURS,
  CHAT_QUEUE,
  type ChatbotHarness,
  OPERATOR_ID,
  startHarness,
  waitFor,
} from './harness.ts';

let h: ChatbotHarness | undefined;
let vk: VkDouble | undefined;
afterEach(async () => {
  await h?.close();
  await vk?.stop();
  h = undefined;
  vk = undefined;
});

const PEER = 4_200_001;
const SECRET = 'vk-callback-secret';

async function startWithVk(start?: string) {
  vk = await VkDouble.start({ callback: { retryDelayMs: 20 } });
  h = await startHarness({
    start,
    env: {
      VK_ACCESS_TOKEN: vk.accessToken,
      VK_GROUP_ID: String(vk.groupId),
      VK_CONFIRMATION_CODE: vk.confirmationCode,
      VK_SECRET: SECRET,
      VK_API_BASE_URL: vk.apiBaseUrl,
    },
  });
  const url = `${h.bot.url}/vk/callback`;
  expect(await vk.connectCallbackServer(url, { secret: SECRET })).toEqual({
    confirmed: true,
    body: vk.confirmationCode,
  });
  return url;
}

async function messages(count: number, peer = PEER) {
  await vk!.waitForMessage(peer, () => vk!.messagesTo(peer).length >= count, 8000);
  return vk!.messagesTo(peer);
}

describe('VK through the Callback API double and vk-io', () => {
  it('confirms with the secret, serves balance with keyboards, answers "ok" and ignores a redelivered event', async () => {
    await startWithVk();
    // VK's «Начать» button: greeted and asked for the question
    await vk!.userSends(PEER + 1, 'Начать', { payload: { command: 'start' } });
    expect((await messages(1, PEER + 1))[0]!.text).toContain('Пожалуйста, напишите Ваш вопрос');
    const first = await vk!.userSends(PEER, 'Сколько я должен за свет?');
    expect(first.attempts).toEqual([expect.objectContaining({ status: 200, body: 'ok' })]);
    expect((await messages(1))[0]!.text).toContain('Здравствуйте! Вас приветствует');
    await vk!.redeliver(first.eventId);
    await vk!.userSends(PEER, IVANOV.account);
    await vk!.userSends(PEER, 'Иванов');
    const answer = (await messages(3))[2]!;
    expect(answer.text).toContain('Задолженность по Вашему лицевому счёту составляет');
    expect(answer.keyboard?.inline).toBe(true);
    expect(answer.keyboard?.buttons.flat().map((b) => b.action.label)).toEqual([
      'Да',
      'Нет, спасибо',
      'Связаться с оператором',
    ]);
    await vk!.userPresses(PEER, 'Нет, спасибо');
    expect((await messages(4))[3]!.text).toBe('Благодарим Вас за обращение! Всего доброго, до свидания!');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(vk!.messagesTo(PEER)).toHaveLength(4);
    // each message went out with its own random_id
    expect(new Set(vk!.messagesTo(PEER).map((m) => m.random_id)).size).toBe(4);
  });

  it('bad posts get the right HTTP answer; a failed messages.send is retried and arrives', async () => {
    const url = await startWithVk();
    const post = (body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('{"type":')).status).toBe(400);
    expect(
      (await post(JSON.stringify({ type: 'message_new', group_id: vk!.groupId, secret: 'wrong' }))).status,
    ).toBe(403);
    expect((await post(JSON.stringify({ type: 'message_new', group_id: 1, secret: SECRET }))).status).toBe(
      403,
    );
    const unknownType = await post(
      JSON.stringify({ type: 'wall_post_new', group_id: vk!.groupId, secret: SECRET, event_id: 'e1' }),
    );
    expect([unknownType.status, await unknownType.text()]).toEqual([200, 'ok']);

    vk!.failNext('messages.send', 2, { code: 10, message: 'Internal server error' });
    await vk!.userSends(PEER, 'Как оплатить без комиссии? И какие часы работы офиса?');
    const reply = (await messages(1))[0]!;
    expect(reply.text).toContain('Вы также спрашивали: «Офисы и режим работы»');
    const sends = vk!.requests.filter((r) => r.method === 'messages.send');
    expect(sends.length).toBe(3);
    await vk!.userPresses(PEER, 'Да');
    expect((await messages(2))[1]!.text).toContain('Есть ли у Вас другие вопросы?');
  });

  it('VK "too many requests" (error 6, its 429) and flood control (9) are retried with backoff; the reply arrives once', async () => {
    await startWithVk();
    vk!.failNext('messages.send', 1, { code: 6, message: 'Too many requests per second' });
    vk!.failNext('messages.send', 1, { code: 9, message: 'Flood control' });
    await vk!.userSends(PEER, 'Какие сейчас тарифы на электроэнергию?');
    const [reply] = await messages(1);
    expect(reply!.text).toContain('Есть ли у Вас другие вопросы?');
    const sends = vk!.requests.filter((r) => r.method === 'messages.send');
    expect(sends.length).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(vk!.messagesTo(PEER)).toHaveLength(1);
  });

  it('handoff in hours: operator relay and CSAT; abusive messages then mute', async () => {
    await startWithVk();
    await vk!.userSends(PEER, 'нужен живой оператор');
    expect((await messages(1))[0]!.text).toContain('Передаю Ваш вопрос оператору.');
    const { rows } = await h!.db.pool.query('select id from interactions where external_id = $1', [
      String(PEER),
    ]);
    const ix = rows[0].id as string;
    await h!.acd.login({ agentId: OPERATOR_ID, skills: [{ queue: CHAT_QUEUE }], state: 'ready' });
    await h!.acd.accept(ix, OPERATOR_ID);
    await messages(2);
    await sendOperatorMessage(h!.redis.redis, h!.redis.prefix, {
      interactionId: ix,
      agentId: OPERATOR_ID,
      text: 'Здравствуйте, слушаю.',
    });
    expect((await messages(3))[2]!.text).toBe('Здравствуйте, слушаю.');
    await h!.acd.finish(ix, OPERATOR_ID);
    expect((await messages(4))[3]!.text).toContain('оцените качество обслуживания');
    await vk!.userPresses(PEER, '5');
    expect((await messages(5))[4]!.text).toContain('Спасибо за оценку!');
    await waitFor(async () => {
      const r = await h!.db.pool.query('select csat from interactions where id = $1', [ix]);
      return r.rows[0].csat === 5 || undefined;
    }, 'csat stored');

    await vk!.userSends(PEER, 'вы идиоты');
    expect((await messages(6))[5]!.text).toContain('давайте общаться уважительно');
    await vk!.userSends(PEER, 'идиоты');
    expect((await messages(7))[6]!.text).toContain('обслуживание в этом чате приостановлено');
    const delivery = await vk!.userSends(PEER, 'ну ответьте');
    expect(delivery.attempts.at(-1)?.body).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(vk!.messagesTo(PEER)).toHaveLength(7);
  });

  it('a turn that fails halfway answers 500; VK delivers again and the client gets one reply, one interaction', async () => {
    await startWithVk();
    const interactions = h!.bot.engine.deps.interactions;
    const realOpen = interactions.open.bind(interactions);
    let failures = 1;
    // The first attempt dies after the interaction row was written (a restart mid-update).
    interactions.open = async (input) => {
      const opened = await realOpen(input);
      if (failures-- > 0) throw new Error('process died mid-update');
      return opened;
    };
    const delivery = await vk!.userSends(PEER, 'Как оплатить без комиссии?');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect((await messages(1))[0]!.text).toContain('без комиссии');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(vk!.messagesTo(PEER)).toHaveLength(1);
    const { rows } = await h!.db.pool.query(
      'select count(*)::int as n from interactions where external_id = $1',
      [String(PEER)],
    );
    expect(rows[0].n).toBe(1);
  });

  it('after hours: the schedule and the appeal number in VK; the photo copied into storage with the appeal', async () => {
    await startWithVk(AFTER_HOURS);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(500),
    ]);
    await vk!.userSends(PEER, '', { photo: { bytes: png } });
    expect((await messages(1))[0]!.text).toContain('файл получен');
    await vk!.userSends(PEER, 'хочу подать жалобу на сотрудника офиса');
    const reply = (await messages(2))[1]!;
    expect(reply.text).toContain('Сейчас операторы ЕКЦ не работают');
    const number = /регистрационный номер (\S+)\./.exec(reply.text)?.[1];
    const { rows } = await h!.db.pool.query(
      'select channel, topics, reply_address, description from appeals where reg_number = $1',
      [number],
    );
    expect(rows[0]).toMatchObject({ channel: 'vk', topics: ['complaint'], reply_address: String(PEER) });
    expect(rows[0].description).toMatch(new RegExp(`Вложения: photo photo${PEER}_\\d+_[0-9a-f]+`));
    // Downloaded from the largest size's URL of the event; the bytes decide the type (PNG).
    const { rows: files } = await waitFor(async () => {
      const found = await h!.db.pool.query(
        `select c.mime_type, c.size_bytes, c.storage_key, c.file_name from chat_attachments c
           join appeals a on a.id = c.appeal_id where a.reg_number = $1`,
        [number],
      );
      return found.rows.length ? found : undefined;
    }, 'the photo linked to the appeal');
    expect(files[0]).toMatchObject({
      mime_type: 'image/png',
      size_bytes: png.length,
      file_name: 'фото.png',
    });
    const chunks: Buffer[] = [];
    for await (const chunk of await h!.bot.attachmentStorage.read(files[0].storage_key))
      chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(png)).toBe(true);
  });
});
