import { describe, expect, it } from 'vitest';
import { applicationNames, ivrBehindWebSocketCut, OUTAGE_MS, until } from './asterisk-outage.ts';
import { realAsteriskEnv } from './real-asterisk.ts';

/**
 * Issue 5 against a REAL Asterisk (`npm run test:asterisk`): the IVR's ARI event WebSocket is cut
 * for 60 s — longer than ari-client's own ~43 s of reconnecting — while a caller waits at the
 * main menu in Stasis. The cut is a TCP relay in front of Asterisk's HTTP port (REST still
 * passes, the WebSocket is dropped and refused), so Asterisk and the call are untouched.
 */
describe.skipIf(!realAsteriskEnv())('real Asterisk: ARI WebSocket outage of 60 s', () => {
  const rig = ivrBehindWebSocketCut();

  it('the IVR outlives ari-client giving up, re-registers the app, the waiting caller goes on and a new call works', {
    timeout: 400_000,
  }, async () => {
    const { h, relay } = rig;
    const app = process.env.ARI_APP ?? 'hotline';
    const appNames = () => applicationNames(h.simClient);
    const call = h.call([]);
    await until(() => call.listens() > 0, 'the caller at the main menu', 60_000);
    const callerChannel = call.channelId()!;

    let gaveUp = 0;
    let connected = 0;
    let disconnected = 0;
    h.connection.on('disconnected', () => {
      disconnected += 1;
    });
    h.ivrClient.on('WebSocketMaxRetries', () => {
      gaveUp += 1;
    });
    h.connection.on('connected', () => {
      connected += 1;
    });
    relay.cut();
    const cutAt = Date.now();
    await until(() => disconnected > 0, 'the IVR sees its WebSocket drop', 10_000);
    // Asterisk keeps the application (inactive) while a channel it holds is still in Stasis.
    expect(await appNames()).toContain(app);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    // ari-client tried and gave up on its own (~43 s); AriConnection started it again.
    expect(gaveUp).toBeGreaterThanOrEqual(1);
    expect(relay.refused()).toBeGreaterThanOrEqual(5);
    expect(connected).toBe(0);
    // Asterisk kept the caller in Stasis meanwhile.
    const during = (await h.simClient.channels.get({ channelId: callerChannel })) as {
      dialplan: { app_name: string };
    };
    expect(during.dialplan.app_name).toBe('Stasis');
    relay.restore();
    await until(() => connected > 0, 'the IVR reconnects by itself', 60_000);
    const outageMs = Date.now() - cutAt;
    expect(outageMs).toBeGreaterThanOrEqual(OUTAGE_MS);
    expect(await appNames()).toContain(app);

    // The caller who waited through the outage is served: reference menu, an answer, goodbye.
    const listensBefore = call.listens();
    call.keys.push('4', '1', '2');
    const end = await call.ended;
    expect(call.listens()).toBeGreaterThan(listensBefore);
    expect(end.outcome).toBe('self_served');

    // And a call that starts after the outage works from the first menu.
    const next = h.call(['4', '1', '2']);
    const nextEnd = await next.ended;
    expect(nextEnd.outcome).toBe('self_served');
    expect(next.said[0]).toBe(call.said[0]);
  });
});
