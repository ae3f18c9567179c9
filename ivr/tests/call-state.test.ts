import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { CallStateStore } from '../stasis/state.ts';

let redis: TestRedis;
let a: CallStateStore;
let b: CallStateStore;
beforeAll(async () => {
  redis = await createTestRedis();
  a = new CallStateStore(redis.redis, redis.prefix, 'process-a', 5_000);
  b = new CallStateStore(redis.redis, redis.prefix, 'process-b', 5_000);
});
afterAll(async () => redis?.cleanup());

const call = (interactionId: string) => ({ interactionId, callerNumber: '+79990000001', startedAtMs: 1_000 });

describe('call state: one process serves each channel', () => {
  it('a channel adopted as a stray is not taken by the process that got its StasisStart late', async () => {
    expect(await b.adopt('ch-1', call('adopted'))).toBe(true);
    expect(await a.save('ch-1', call('late'))).toBe(false);
    expect((await a.load('ch-1'))?.interactionId).toBe('adopted');
    expect(await a.orphans(new Set())).not.toContain('ch-1'); // b holds it
  });

  it('a channel saved by its process is not adopted by another', async () => {
    expect(await a.save('ch-2', call('own'))).toBe(true);
    expect(await a.save('ch-2', call('own'))).toBe(true); // saving again is fine
    expect(await b.adopt('ch-2', call('stray'))).toBe(false);
    expect((await b.load('ch-2'))?.interactionId).toBe('own');
  });

  it('a saved call whose owner died is an orphan to take over, not a stray to adopt anew', async () => {
    const short = new CallStateStore(redis.redis, redis.prefix, 'process-c', 50);
    expect(await short.save('ch-3', call('orphan'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120)); // its lease lapses
    expect(await a.orphans(new Set())).toContain('ch-3');
    expect(await b.adopt('ch-3', call('stray'))).toBe(false);
    expect([...(await b.known(['ch-3', 'ch-unknown']))]).toEqual(['ch-3']);
  });

  it('a call that just ended is not adopted while its channel lingers in Asterisk', async () => {
    expect(await a.save('ch-4', call('ended'))).toBe(true);
    await a.remove('ch-4');
    expect(await b.known(['ch-4'])).toEqual(new Set());
    expect(await b.adopt('ch-4', call('stray'))).toBe(false);
    expect(await b.adopt('ch-5', call('stray'))).toBe(true);
  });
});
