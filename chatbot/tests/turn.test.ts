import { describe, expect, it } from 'vitest';
import { splitText, TurnEffects } from '../dialog/turn.ts';
import { newConversationState } from '../dialog/types.ts';

describe('one turn’s reply', () => {
  it('is one message, buttons last; over 4000 characters it is split at a paragraph, buttons on the last part', () => {
    const t = new TurnEffects({ channel: 'telegram', chatId: '1' }, newConversationState(), 0);
    t.say('Здравствуйте!');
    t.say('Ответ.', [[{ label: 'Да', data: 'yes' }]]);
    t.flush();
    expect(t.replies).toEqual([
      { text: 'Здравствуйте!\n\nОтвет.', buttons: [[{ label: 'Да', data: 'yes' }]] },
    ]);

    const long = new TurnEffects({ channel: 'vk', chatId: '2' }, newConversationState(), 0);
    const first = 'а'.repeat(3000);
    const second = 'б'.repeat(3000);
    long.say(first);
    long.say(second, [[{ label: 'Нет', data: 'no' }]]);
    long.flush();
    expect(long.replies.map((r) => [r.text.length, Boolean(r.buttons)])).toEqual([
      [3000, false],
      [3000, true],
    ]);
  });

  it('splits text without any break at the limit and loses nothing', () => {
    const text = 'x'.repeat(9001);
    const parts = splitText(text, 4000);
    expect(parts.map((p) => p.length)).toEqual([4000, 4000, 1001]);
    expect(parts.join('')).toBe(text);
    expect(splitText('короткий', 4000)).toEqual(['короткий']);
  });

  it('keeps a bounded history with the bot’s long answers shortened, after the stored lines', async () => {
    const stored = [
      { from: 'client' as const, text: 'раньше' },
      { from: 'bot' as const, text: 'ответ' },
    ];
    const t = new TurnEffects(
      { channel: 'web_chat', chatId: 's' },
      newConversationState(),
      0,
      async () => stored,
    );
    t.record('client', 'вопрос');
    expect((await t.conversationSoFar()).map((line) => line.text)).toEqual(['раньше', 'ответ', 'вопрос']);
    for (let i = 0; i < 40; i++) t.record('client', `вопрос ${i}`);
    t.record('bot', 'ж'.repeat(1000));
    const lines = await t.conversationSoFar();
    expect(lines).toHaveLength(30);
    expect(lines.at(-1)?.text).toBe(`${'ж'.repeat(160)}…`);
    expect((await t.clientTexts()).at(0)).toBe('вопрос 11');
    // The interaction ended: the stored lines are no longer part of the conversation.
    t.clearRecent();
    t.record('client', 'новый вопрос');
    expect(await t.conversationSoFar()).toEqual([{ from: 'client', text: 'новый вопрос' }]);
  });
});
