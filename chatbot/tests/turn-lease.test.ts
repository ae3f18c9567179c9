import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../../core/testing/redis.ts';
import { chatKeys } from '../dialog/keys.ts';
import { ConversationStore, isDuplicate, LeaseLostError, type Turn } from '../dialog/store.ts';
import type { ConversationRef } from '../dialog/types.ts';

/**
 * The turn's claim on a conversation is a lease renewed while the turn runs; the event's
 * "handled" marker is written only by the commit, together with the replies. So an instance
 * killed mid-turn leaves nothing but a lease that runs out, and the redelivered event is handled
 * by another instance — once.
 */
let t: TestRedis;
const connections: Redis[] = [];
beforeAll(async () => {
  t = await createTestRedis();
});
afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await t.cleanup();
});

/** A store on its own connection, as another chatbot process has. */
function instance(leaseMs: number, lockWaitMs: number): { store: ConversationStore; connection: Redis } {
  const connection = new Redis(t.url, { maxRetriesPerRequest: 0 });
  connections.push(connection);
  return {
    store: new ConversationStore(connection, chatKeys(t.prefix), { leaseMs, lockWaitMs }),
    connection,
  };
}

let chats = 0;
const conversation = (): ConversationRef => ({ channel: 'web_chat', chatId: `lease-${++chats}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Event ids are per channel (not per chat): each conversation's events get its chat id.
const event = (ref: ConversationRef, id: string) => `in:${ref.chatId}:${id}`;

async function turnOf(store: ConversationStore, ref: ConversationRef, id: string): Promise<Turn> {
  const eventId = event(ref, id);
  const turn = await store.begin(ref, eventId);
  if (isDuplicate(turn)) throw new Error(`${eventId} was seen as a duplicate`);
  return turn;
}

/** Commits a turn whose only effect is one reply in a list, so replies can be counted. */
async function answer(turn: Turn, ref: ConversationRef, reply: string): Promise<void> {
  await turn.commit({ ...turn.state, stage: 'idle' }, (multi) => multi.rpush(repliesKey(ref), reply));
}
const repliesKey = (ref: ConversationRef) => `{${t.prefix}:chat}:test-replies:${ref.chatId}`;

describe('turn lease (the claim of a conversation)', () => {
  it('an instance killed mid-turn holds the conversation one lease at most; the redelivered event is then handled once', async () => {
    const ref = conversation();
    const killed = instance(800, 5_000);
    await turnOf(killed.store, ref, 'e1');
    killed.connection.disconnect(); // the process is gone: no renewal, no commit, no release

    const survivor = instance(800, 5_000);
    const startedAt = Date.now();
    const retry = await turnOf(survivor.store, ref, 'e1');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(500);
    await answer(retry, ref, 'answer to e1');

    expect(isDuplicate(await survivor.store.begin(ref, event(ref, 'e1')))).toBe(true);
    expect(await t.redis.lrange(repliesKey(ref), 0, -1)).toEqual(['answer to e1']);
    expect(await t.redis.exists(chatKeys(t.prefix).lock(ref))).toBe(0);
  });

  it('a live turn longer than its lease keeps the conversation (renewed); another instance waits, then sees the event handled', async () => {
    const ref = conversation();
    const slow = instance(1_500, 5_000);
    const turn = await turnOf(slow.store, ref, 'e1');
    const other = instance(1_500, 4_000);
    // Four seconds of waiting: more than two leases, so only renewal can have kept the lock.
    await expect(other.store.begin(ref, event(ref, 'e2'))).rejects.toThrow(/locked/);
    await answer(turn, ref, 'answer to e1');

    expect(isDuplicate(await other.store.begin(ref, event(ref, 'e1')))).toBe(true);
    const next = await turnOf(other.store, ref, 'e2');
    await answer(next, ref, 'answer to e2');
    expect(await t.redis.lrange(repliesKey(ref), 0, -1)).toEqual(['answer to e1', 'answer to e2']);
  });

  it('a turn whose lease was taken over refuses to commit: no state, no marker, no reply', async () => {
    const ref = conversation();
    const keys = chatKeys(t.prefix);
    const { store } = instance(300, 5_000);
    const turn = await turnOf(store, ref, 'e1');
    // The lease ran out (a stalled process) and another instance took the conversation.
    await t.redis.set(keys.lock(ref), 'another-instance', 'PX', 10_000);
    await sleep(400);
    await expect(answer(turn, ref, 'late answer')).rejects.toBeInstanceOf(LeaseLostError);
    await turn.release();

    expect(await t.redis.get(keys.lock(ref))).toBe('another-instance');
    expect(
      await t.redis.exists(keys.state(ref), keys.seen('web_chat', event(ref, 'e1')), repliesKey(ref)),
    ).toBe(0);
  });

  it('commit and release end the renewal: the lock is gone and stays gone', async () => {
    const ref = conversation();
    const keys = chatKeys(t.prefix);
    const { store } = instance(300, 5_000);
    await answer(await turnOf(store, ref, 'e1'), ref, 'answer');
    const failed = await turnOf(store, ref, 'e2');
    await failed.release();
    await sleep(400); // several renewal periods
    expect(await t.redis.exists(keys.lock(ref))).toBe(0);
    expect(await t.redis.exists(keys.seen('web_chat', event(ref, 'e2')))).toBe(0);
  });
});
