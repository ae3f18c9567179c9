import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APIError } from 'vk-io';
import { VkDouble } from '../index.ts';
import { startVkBot, vkClient } from './vk-bot.ts';

let vk: VkDouble;
let server: Server | undefined;
beforeEach(async () => {
  vk = await VkDouble.start({ callback: { retryDelayMs: 10 } });
});
afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
  await vk.stop();
});

describe('VK double with real vk-io: Callback API into the bot', () => {
  it('confirms the server, delivers message_new, and vk-io’s reply arrives through messages.send', async () => {
    const client = vkClient(vk);
    const bot = await startVkBot(client);
    server = bot.server;
    expect(await vk.connectCallbackServer(bot.url, { secret: 'callback-secret' })).toEqual({
      confirmed: true,
      body: vk.confirmationCode,
    });
    const delivery = await vk.userSends(123_456, 'показания день 12345');
    expect(delivery.delivered).toBe(true);
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ status: 200, body: 'ok' });
    expect(delivery.attempts[0]?.ms).toBeTypeOf('number');
    const reply = await vk.waitForMessage(123_456);
    expect(reply.text).toBe('Вы написали: показания день 12345');
    expect(reply.random_id).not.toBe(0);
    expect(reply.keyboard?.inline).toBe(true);
    expect(reply.keyboard?.buttons.flat().map((b) => [b.action.type, b.action.label])).toEqual([
      ['text', 'Оператор'],
      ['callback', 'Баланс'],
    ]);
  });

  it('sends a text button’s payload with its label, and a callback button as message_event', async () => {
    const client = vkClient(vk);
    const bot = await startVkBot(client);
    server = bot.server;
    await vk.connectCallbackServer(bot.url, { secret: 'callback-secret' });
    await vk.userSends(777, 'меню');
    await vk.waitForMessage(777);
    await vk.userPresses(777, 'Оператор');
    expect((await vk.waitForMessage(777, (m) => m.text.startsWith('Кнопка'))).text).toBe(
      'Кнопка: {"command":"operator"}',
    );
    const press = await vk.userPresses(777, 'Баланс');
    expect(press.type).toBe('message_event');
    expect(await vk.waitForEventAnswer(press.eventId)).toEqual({
      type: 'show_snackbar',
      text: 'Тема: balance',
    });
    expect(() => vk.userPresses(777, 'Нет такой')).toThrow(/no keyboard/);
  });

  it('refuses a server that does not return the confirmation code', async () => {
    const client = vkClient(vk);
    const bot = await startVkBot(client);
    server = bot.server;
    // vk-io answers 403 when the secret is wrong, so the confirmation fails.
    expect((await vk.connectCallbackServer(bot.url, { secret: 'wrong' })).confirmed).toBe(false);
    await expect(vk.userSends(1, 'x')).rejects.toThrow(/no confirmed callback server/);
  });

  it('retries an event five times when the answer is not "ok", then gives up', async () => {
    const client = vkClient(vk);
    const bot = await startVkBot(client);
    server = bot.server;
    expect((await vk.connectCallbackServer(bot.url, { secret: 'callback-secret' })).confirmed).toBe(true);
    // The admin rotates the secret in VK but not in the bot: vk-io answers 403 to every event.
    vk.changeCallbackSecret('rotated');
    const delivery = await vk.userSends(55, 'hi');
    expect(delivery.delivered).toBe(false);
    expect(delivery.attempts.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(vk.messagesTo(55)).toEqual([]);
  });
  it('redelivers an event with the same event_id (what an exactly-once bot must ignore)', async () => {
    const client = vkClient(vk);
    const bot = await startVkBot(client);
    server = bot.server;
    await vk.connectCallbackServer(bot.url, { secret: 'callback-secret' });
    const first = await vk.userSends(909, 'дубль');
    await vk.waitForMessage(909);
    const again = await vk.redeliver(first.eventId);
    expect(again.eventId).toBe(first.eventId);
    expect(again.delivered).toBe(true);
    await vk.waitForMessage(909, (m) => m.conversation_message_id > 2);
    expect(vk.messagesTo(909)).toHaveLength(2);
  });
});

describe('VK double with real vk-io: the API', () => {
  it('dedupes messages.send by random_id and returns the first message id', async () => {
    const client = vkClient(vk);
    vk.userAllowsMessages(42);
    const first = await client.api.messages.send({ peer_id: 42, message: 'Ваш долг: 0 ₽', random_id: 987 });
    const again = await client.api.messages.send({ peer_id: 42, message: 'Ваш долг: 0 ₽', random_id: 987 });
    const other = await client.api.messages.send({ peer_id: 42, message: 'Ваш долг: 0 ₽', random_id: 988 });
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(vk.messagesTo(42).map((m) => m.random_id)).toEqual([987, 988]);
  });

  it('answers VK errors: 5 bad token, 901 no permission, 911 bad keyboard, 914 too long', async () => {
    const bad = vkClient(vk, { token: 'stolen' });
    const authError = await bad.api.messages
      .send({ peer_id: 1, message: 'x', random_id: 1 })
      .catch((e: unknown) => e);
    expect(authError).toBeInstanceOf(APIError);
    expect((authError as APIError).code).toBe(5);
    expect((authError as APIError).message).toContain('User authorization failed: invalid access_token (4).');
    const client = vkClient(vk);
    const denied = await client.api.messages
      .send({ peer_id: 9, message: 'x', random_id: 2 })
      .catch((e: unknown) => e);
    expect((denied as APIError).code).toBe(901);
    vk.userAllowsMessages(9);
    const kb = await client.api.messages
      .send({
        peer_id: 9,
        message: 'x',
        random_id: 3,
        keyboard: '{"buttons":[[{"action":{"type":"text"}}]]}',
      })
      .catch((e: unknown) => e);
    expect((kb as APIError).code).toBe(911);
    const long = await client.api.messages
      .send({ peer_id: 9, message: 'я'.repeat(4097), random_id: 4 })
      .catch((e: unknown) => e);
    expect((long as APIError).code).toBe(914);
    vk.userDeniesMessages(9);
    const again = await client.api.messages
      .send({ peer_id: 9, message: 'x', random_id: 5 })
      .catch((e: unknown) => e);
    expect((again as APIError).code).toBe(901);
  });

  it('serves groups.getById, users.get and the message photo upload chain', async () => {
    const client = vkClient(vk);
    const { groups } = (await client.api.groups.getById({})) as unknown as { groups: { id: number }[] };
    expect(groups[0]?.id).toBe(vk.groupId);
    await vk.userSends(31, 'x').catch(() => undefined); // no server yet: the user still exists
    const [user] = await client.api.users.get({ user_ids: ['31'] });
    expect(user).toMatchObject({ id: 31, first_name: 'Пользователь31' });
    const bytes = randomBytes(3000);
    const photo = await client.upload.messagePhoto({
      source: { value: bytes, filename: 'receipt.jpg' },
      peer_id: 31,
    });
    vk.userAllowsMessages(31);
    await client.api.messages.send({ peer_id: 31, attachment: photo.toString(), random_id: 77 });
    const [sent] = vk.messagesTo(31);
    expect(sent?.attachment).toEqual([photo.toString()]);
    expect(vk.photoBytes(photo.toString())?.equals(bytes)).toBe(true);
  });

  it('delivers user photos with a URL the bot can download', async () => {
    const client = vkClient(vk);
    const received: unknown[] = [];
    client.updates.use(async (ctx, next) => {
      if (ctx.is(['message_new'])) received.push((ctx as unknown as { attachments: unknown[] }).attachments);
      await next();
    });
    const bot = await startVkBot(client);
    server = bot.server;
    await vk.connectCallbackServer(bot.url, { secret: 'callback-secret' });
    const bytes = randomBytes(1234);
    await vk.userSends(64, '', { photo: { bytes } });
    const event = vk.deliveries().at(-1);
    expect(event?.delivered).toBe(true);
    const photos = received[0] as { largeSizeUrl?: string }[];
    const url = photos[0]?.largeSizeUrl ?? '';
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(bytes)).toBe(true);
    await vk.waitForMessage(64); // let the bot's echo finish before the double stops
  });
});
