import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IvrHarness, startIvrHarness } from './harness.ts';

let h: IvrHarness;
beforeAll(async () => {
  h = await startIvrHarness();
});
afterAll(async () => h?.close());

describe('ARI event WebSocket outage of 60 s (longer than ari-client retries)', () => {
  it('the IVR reconnects, settles the events it missed and the caller goes on', {
    timeout: 120_000,
  }, async () => {
    const caller = h.call();
    await caller.nextListen(); // at the main menu
    let reconnected = 0;
    h.connection.on('connected', () => {
      reconnected += 1;
    });
    // ari-client gives up after ~43 s; AriConnection must start it again (wall-clock outage).
    h.double.dropWebSockets(60_000);
    // Meanwhile the menu times out and is repeated: its PlaybackFinished is lost in the outage.
    await caller.until(() => reconnected > 0, 'reconnect', 90_000);
    const apps = (await h.client.applications.list()) as Array<{ name: string }>;
    expect(apps.map((a) => a.name)).toContain('hotline');
    await caller.until(() => caller.said.filter((s) => s.label === 'mainMenu').length >= 2, 'menu again');
    await caller.nextListen();
    await caller.inbound.sendDtmf('4', { durationMs: 80 });
    await caller.answers('1', '2');
    const end = await caller.ended;
    expect(end.outcome).toBe('self_served');
    expect(caller.heard('reference:payment_methods')).toBe(true);
  });
});
