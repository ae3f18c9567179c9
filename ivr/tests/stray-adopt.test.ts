import ari from 'ari-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP } from './harness.ts';
import { type ProcessRig, startProcessRig, until } from './process-rig.ts';

let rig: ProcessRig;

beforeAll(async () => {
  rig = await startProcessRig();
}, 60_000);
afterAll(async () => rig?.close());

/** An IVR process that gets StasisStart and dies before saving the call (nothing but the WebSocket). */
async function processDyingAtStasisStart() {
  const quiet = console.log;
  console.log = () => {}; // swagger-client's deprecation banner
  const client = await ari.connect(rig.double.url, 'ari', 'ari').finally(() => {
    console.log = quiet;
  });
  const started = new Set<string>();
  client.on('StasisStart', (event: { channel: { id: string } }) => started.add(event.channel.id));
  await client.start(APP);
  return { started, die: () => client.stop() };
}

describe('a caller whose IVR process died between StasisStart and saving the call', () => {
  it('is adopted by a live process: served from the greeting, one row opened as of the channel creation and closed', {
    timeout: 90_000,
  }, async () => {
    const dying = await processDyingAtStasisStart();
    const call = rig.double.inboundCall({ callerNumber: '+79990000061' });
    await until(() => dying.started.has(call.channelId), 'StasisStart reached the dying process');
    dying.die();
    const p1 = await rig.startProcess('p1');
    try {
      await until(() => p1.watch.has(call.channelId, 'adopted'), 'adopted', 30_000);
      await until(() => (p1.watch.listens.get(call.channelId) ?? 0) >= 1, 'main menu');
      expect(p1.watch.has(call.channelId, 'recording_started')).toBe(true);
      expect(p1.watch.has(call.channelId, 'reattached')).toBe(false); // a new call, not a resumed one
      call.hangup();
      await until(() => p1.watch.ended.has(call.channelId), 'call ends');
      expect((p1.watch.steps.get(call.channelId) ?? []).filter((s) => s.kind === 'adopted')).toHaveLength(1);
      const ix = p1.watch.ended.get(call.channelId)!.interactionId;
      await expect
        .poll(async () => {
          const { rows } = await rig.db.pool.query(
            'select state, external_id, contact, started_at, closed_at from interactions where id = $1',
            [ix],
          );
          return rows[0];
        })
        .toMatchObject({ external_id: call.channelId, contact: '+79990000061', closed_at: expect.any(Date) });
      const { rows } = await rig.db.pool.query('select started_at from interactions where external_id = $1', [
        call.channelId,
      ]);
      expect(rows).toHaveLength(1);
      // Opened as of the channel's creation, before the adopting process ever saw it.
      expect(rows[0].started_at.getTime()).toBeLessThan(rig.clock.nowMs());
    } finally {
      await p1.kill();
    }
  });

  it('a live process never adopts the calls it or a peer serves', { timeout: 90_000 }, async () => {
    const p2 = await rig.startProcess('p2', { strayScanMs: 50 });
    const p3 = await rig.startProcess('p3', { app: 'hotline-peer', strayScanMs: 50 });
    try {
      const calls = [0, 1, 2].map((n) => rig.double.inboundCall({ callerNumber: `+7999000007${n}` }));
      for (const call of calls)
        await until(() => (p2.watch.listens.get(call.channelId) ?? 0) >= 1, 'main menu');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // many stray scans of both processes
      for (const call of calls) {
        expect(p2.watch.has(call.channelId, 'adopted')).toBe(false);
        expect(p3.watch.steps.has(call.channelId)).toBe(false);
        call.hangup();
      }
      for (const call of calls) await until(() => p2.watch.ended.has(call.channelId), 'call ends');
      await new Promise((resolve) => setTimeout(resolve, 500)); // scans while ended channels go
      for (const call of calls) expect(p2.watch.has(call.channelId, 'adopted')).toBe(false);
    } finally {
      await p3.kill();
      await p2.kill();
    }
  });
});
