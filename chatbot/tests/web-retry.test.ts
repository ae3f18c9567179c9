import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/logger.ts';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { WebDelivery } from '../channels/web/delivery.ts';
import { WebChatGateway } from '../channels/web/gateway.ts';
import type { DialogEngine } from '../dialog/engine.ts';
import { chatKeys } from '../dialog/keys.ts';
import { LeaseLostError } from '../dialog/store.ts';
import { waitFor } from './harness.ts';
import { WebChatClient } from './web-client.ts';

/**
 * A web message whose turn fails for a passing reason (its lease lost while Redis restarted) is
 * run again by the gateway with the same event id — the engine's dedupe keeps it to one answer —
 * instead of asking the person to send it again; only a failure that lasts is reported.
 */
let t: TestRedis;
let server: Server;
let gateway: WebChatGateway;
/** The engine under the gateway fails its first `failFirst` turns (a lease lost, Redis away). */
let failFirst = 0;
const turns: string[] = [];

beforeAll(async () => {
  t = await createTestRedis();
  const keys = chatKeys(t.prefix);
  const engine = {
    async handle(input: { eventId: string }) {
      turns.push(input.eventId);
      if (turns.length <= failFirst) throw new LeaseLostError();
      return { duplicate: false };
    },
  } as unknown as DialogEngine;
  const logger = createLogger({ name: 'web-retry-test', level: 'silent' });
  gateway = new WebChatGateway(
    engine,
    new WebDelivery(t.redis, keys),
    keys,
    logger,
    undefined,
    undefined,
    1_500,
  );
  server = createServer();
  await gateway.attach(server, t.redis);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await gateway?.close();
  await new Promise((resolve) => server?.close(resolve));
  await t?.cleanup();
});

const url = () => `http://127.0.0.1:${(server.address() as { port: number }).port}`;

describe('web chat turn that fails for a passing reason', () => {
  it('is run again with the same id and acknowledged; the client sees no error', async () => {
    turns.length = 0;
    failFirst = 1;
    const chat = await WebChatClient.connect(url());
    const id = chat.send('Как оплатить без комиссии?');
    await waitFor(() => chat.frames.find((frame) => frame.type === 'ack' && frame.id === id), 'ack');
    expect(turns).toEqual([id, id]);
    expect(chat.frames.some((frame) => frame.type === 'error')).toBe(false);
    chat.close();
  });

  it('still failing after the retry window: the client is asked to send it again', async () => {
    turns.length = 0;
    failFirst = 100;
    const chat = await WebChatClient.connect(url());
    chat.send('Как оплатить без комиссии?');
    const error = await waitFor(() => chat.frames.find((frame) => frame.type === 'error'), 'error frame');
    expect(error).toMatchObject({ message: expect.stringContaining('ещё раз') });
    expect(turns.length).toBeGreaterThanOrEqual(3); // 250, 500 ms pauses within 1.5 s
    expect(chat.frames.some((frame) => frame.type === 'ack')).toBe(false);
    chat.close();
  });
});
