import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloodBucket } from '../channels/web/gateway.ts';
import { chatTexts } from '../dialog/texts.ts';
import { CHAT_QUEUE, type ChatbotHarness, startHarness, waitFor } from './harness.ts';
import { WebChatClient } from './web-client.ts';

let h: ChatbotHarness;
beforeAll(async () => {
  h = await startHarness({ env: { CHATBOT_WEB_BURST: '5', CHATBOT_WEB_MESSAGES_PER_MINUTE: '30' } });
});
afterAll(async () => {
  await h?.close();
});

async function interactionsOf(session: string) {
  const { rows } = await h.db.pool.query(
    'select state, outcome from interactions where external_id = $1 order by started_at',
    [session],
  );
  return rows;
}

describe('web chat sessions: flood limit and the sweep of silent conversations', () => {
  it('the flood bucket: the burst passes, the next frame is warned once, then refills at the rate', () => {
    const bucket = new FloodBucket(30, 5);
    const t0 = 1_000_000;
    expect(Array.from({ length: 5 }, () => bucket.take(t0))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(bucket.take(t0)).toBe('first_over');
    expect(bucket.take(t0 + 1000)).toBe('over');
    // 30 a minute: one frame every 2 s.
    expect(bucket.take(t0 + 1999)).toBe('over');
    expect(bucket.take(t0 + 2001)).toBe('ok');
    expect(bucket.take(t0 + 2002)).toBe('first_over');
  });

  it('a flooding socket is asked politely to slow down; another session is served as usual', async () => {
    const flooder = await WebChatClient.connect(h.bot.url);
    const other = await WebChatClient.connect(h.bot.url);
    for (let i = 0; i < 20; i++) flooder.send(`какие тарифы? ${i}`);
    await waitFor(() => flooder.frames.some((f) => f.type === 'error'), 'the slow-down notice');
    expect((await other.ask('Как оплатить без комиссии?')).text).toContain('Здравствуйте');
    await waitFor(
      () => flooder.frames.filter((f) => f.type === 'ack').length === 5,
      'the burst acknowledged',
    );
    expect(await flooder.silentFor(300)).toBe(true);
    const errors = flooder.frames.filter((f) => f.type === 'error');
    expect(errors).toEqual([{ type: 'error', message: chatTexts.slowDown }]);
    expect(flooder.frames.filter((f) => f.type === 'ack')).toHaveLength(5);
    expect(flooder.messages).toHaveLength(5);
    flooder.close();
    other.close();
  });

  it('closes a conversation silent for the idle time with a goodbye, not one waiting for an operator', async () => {
    // The conversations of the test before go first (they are as silent as these will be).
    h.clock.advance(2 * 60 * 60_000);
    expect(await h.bot.sweeper.sweepOnce()).toBe(2);
    const quiet = await WebChatClient.connect(h.bot.url);
    await quiet.ask('какие тарифы?');
    const waiting = await WebChatClient.connect(h.bot.url);
    expect((await waiting.ask('соедините с оператором')).text).toContain('Передаю Ваш вопрос оператору.');
    expect(await h.acd.waiting(CHAT_QUEUE)).toHaveLength(1);

    h.clock.advance(60 * 60_000 - 1);
    expect(await h.bot.sweeper.sweepOnce()).toBe(0);
    h.clock.advance(1);
    expect(await h.bot.sweeper.sweepOnce()).toBe(1);
    expect((await quiet.next()).text).toBe(chatTexts.closedForSilence);
    expect(await interactionsOf(quiet.session)).toEqual([{ state: 'closed', outcome: 'self_served' }]);
    // Swept once: a second pass (another instance) finds nothing.
    expect(await h.bot.sweeper.sweepOnce()).toBe(0);
    expect(await quiet.silentFor(100)).toBe(true);

    // Still waiting for an operator two hours later: left alone, the interaction open.
    h.clock.advance(2 * 60 * 60_000);
    expect(await h.bot.sweeper.sweepOnce()).toBe(0);
    expect(await waiting.silentFor(100)).toBe(true);
    expect((await interactionsOf(waiting.session))[0].state).not.toBe('closed');

    // The swept client writes again: a new contact, greeted again.
    expect((await quiet.ask('где ближайший офис?')).text).toContain('Здравствуйте! Вас приветствует');
    expect(await interactionsOf(quiet.session)).toHaveLength(2);
    quiet.close();
    waiting.close();
  });
});
