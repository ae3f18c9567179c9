import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProcessRig, startProcessRig, until } from './process-rig.ts';

/**
 * Found by the fault run: a queued caller re-attached by the next IVR process hung up during the
 * "resumed" prompt, before the flow learnt the call was queued. The ACD kept the gone caller and
 * offered it to operator after operator (each offer withdrawn at 15 s), and its row never closed.
 */
let rig: ProcessRig;

beforeAll(async () => {
  rig = await startProcessRig();
}, 60_000);
afterAll(async () => rig?.close());

describe('a re-attached queued caller who hangs up at once', () => {
  it('is abandoned in the ACD, not offered again', { timeout: 90_000 }, async () => {
    const p1 = await rig.startProcess('p1');
    const call = rig.double.inboundCall({ callerNumber: '+79990000051' });
    await until(() => (p1.watch.listens.get(call.channelId) ?? 0) >= 1, 'main menu');
    await call.sendDtmf('0', { gapMs: 100, durationMs: 80 });
    let ix = '';
    await until(async () => {
      ix =
        (await rig.redis.redis.hgetall(`${rig.redis.prefix}:ivr:call:${call.channelId}`)).interactionId ?? '';
      return ix !== '' && (await p1.acd.interaction(ix))?.st === 'queued';
    }, 'caller queued (no operator is signed in)');
    await p1.kill();

    const p2 = await rig.startProcess('p2');
    try {
      await until(() => p2.watch.has(call.channelId, 'reattached'), 're-attached', 30_000);
      call.hangup();
      await until(() => p2.watch.ended.has(call.channelId), 'call ended');
      expect(p2.watch.has(call.channelId, 'queue_resumed')).toBe(false); // the window this is about
      await expect.poll(async () => (await p2.acd.interaction(ix))?.st).toBe('abandoned');
      expect(await p2.acd.waiting('general')).toEqual([]);
      await rig.outbox.drain();
      const { rows } = await rig.db.pool.query('select state, closed_at from interactions where id = $1', [
        ix,
      ]);
      expect(rows[0]?.state).toBe('abandoned');
      expect(rows[0]?.closed_at).not.toBeNull();
    } finally {
      await p2.kill();
    }
  });
});
