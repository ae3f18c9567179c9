import ari from 'ari-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, loadTrace, normalise, startHarness } from './harness.ts';

let harness: Harness;
afterEach(async () => harness?.close());

/** The test call placed after each restart: `caller-hangup` hangs up with cause 16 after 6.5 s. */
async function callAfterRestart(): Promise<void> {
  const { double, sleep, waitFor } = harness;
  const call = double.inboundCall({ localTarget: 'caller-hangup@sim' });
  const start = await waitFor((e) => e.type === 'StasisStart');
  // Counters restart with Asterisk: the first channel is `<epoch>.0`, the first Local pair -00000000.
  expect(start.channel.id).toMatch(/^\d{10}\.0$/);
  expect(start.channel.name).toBe('Local/caller-hangup@sim-00000000;1');
  await sleep(6500);
  call.hangup(16);
  await call.ended;
  await waitFor((e) => e.type === 'StasisEnd');
}

describe('reconnecting ari-client to a restarted double', () => {
  it('reconnects by itself after an in-place restart and is registered again', async () => {
    harness = await startHarness();
    const { client, double } = harness;
    const reconnected = new Promise<void>((resolve) => client.once('WebSocketConnected', () => resolve()));
    const firstCall = double.inboundCall({ localTarget: 'caller-hangup@sim' });
    await harness.waitFor((e) => e.type === 'StasisStart');
    expect(firstCall.channelId).toMatch(/\.0$/);
    await double.restart(0);
    await reconnected;
    harness.events.length = 0;
    expect(await client.applications.get({ applicationName: 'ivr-test' })).toMatchObject({
      name: 'ivr-test',
    });
    await callAfterRestart();
    expect(normalise(harness.events)).toEqual(normalise(loadTrace('reconnect-asterisk-restart')));
  });

  it('keeps calls through an event WebSocket outage; ari-client reconnects and sees them end', async () => {
    harness = await startHarness();
    const { client, double, waitFor } = harness;
    const call = double.inboundCall({ localTarget: 'caller-quiet@sim' });
    await waitFor((e) => e.type === 'StasisStart');
    const reconnected = new Promise<void>((resolve) => client.once('WebSocketConnected', () => resolve()));
    double.dropWebSockets(1_500);
    // Unregistered as soon as its socket is gone (polled: the close is handled asynchronously).
    await expect.poll(() => client.applications.list(), { interval: 20 }).toEqual([]);
    await reconnected;
    expect(await client.channels.get({ channelId: call.channelId })).toMatchObject({ state: 'Up' });
    call.hangup(16);
    const end = await waitFor((e) => e.type === 'StasisEnd');
    expect(end.channel.id).toBe(call.channelId);
  });

  it('hands the application to a second connection: the first gets ApplicationReplaced', async () => {
    harness = await startHarness();
    const { double, waitFor } = harness;
    const log = console.log;
    console.log = () => {};
    const second = await ari.connect(double.url, 'ari', 'ari').finally(() => {
      console.log = log;
    });
    const seenBySecond: string[] = [];
    second.on('*', (event: { type: string }) => seenBySecond.push(event.type));
    await second.start('ivr-test');
    try {
      await waitFor((e) => e.type === 'ApplicationReplaced');
      double.inboundCall({});
      await expect.poll(() => seenBySecond).toEqual(['StasisStart']);
      expect(harness.events.map((e) => e.type)).toEqual(['ApplicationReplaced']);
    } finally {
      second.stop();
    }
  });

  it('gives up after WebSocketMaxRetries during a long outage; start() again registers the app', {
    timeout: 120_000,
  }, async () => {
    harness = await startHarness();
    const { client, double } = harness;
    const gaveUp = new Promise<void>((resolve) => client.once('WebSocketMaxRetries', () => resolve()));
    const startedAt = Date.now();
    await double.stop();
    await gaveUp;
    // ari-client 2.2.0 retries 10 times with a doubling back-off capped at 10 s: about 43 s.
    expect(Date.now() - startedAt).toBeGreaterThan(30_000);
    await double.start();
    expect(await client.applications.list()).toEqual([]);
    await client.start('ivr-test');
    expect((await client.applications.list()).map((app: { name: string }) => app.name)).toEqual(['ivr-test']);
    harness.events.length = 0;
    await callAfterRestart();
    expect(normalise(harness.events)).toEqual(normalise(loadTrace('reconnect-long-outage')));
  });
});
