import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV } from '../../core/billing/tests/fixtures.ts';
import { spokenAudio } from '../speech/double.ts';
import { type IvrHarness, type ScriptedCaller, startIvrHarness } from './harness.ts';

let h: IvrHarness;
beforeAll(async () => {
  h = await startIvrHarness({ speech: true });
});
afterAll(async () => h?.close());

/** Says `text` while the main menu prompt is playing (speech reaches the IVR over RTP). */
async function sayDuringMenu(caller: ScriptedCaller, text: string, nth = 1): Promise<void> {
  await caller.until(() => caller.said.filter((s) => s.label === 'mainMenu').length >= nth, 'main menu');
  caller.inbound.say(spokenAudio(text));
}

describe('the main menu by voice (externalMedia → speech gRPC → NLU)', () => {
  it('a spoken topic stops the prompt and leads to its flow', async () => {
    const caller = h.call();
    await sayDuringMenu(caller, 'хочу узнать задолженность по счёту');
    await caller.until(() => caller.heard('askAccount'), 'account question');
    const menu = caller.steps.find((s) => s.kind === 'verb.gather')!;
    expect(menu.data.outcome).toBe('complete:speech:barge_in');
    expect(caller.steps.find((s) => s.kind === 'menu_speech')?.data).toEqual({ topic: 'balance' });
    expect(h.speech.recognized).toContain('хочу узнать задолженность по счёту');
    await caller.answers(`${IVANOV.account}#`, '5#', '2');
    await caller.ended;
    expect(caller.heard('balance')).toBe(true);
  });

  it('a reference question is answered from the knowledge base', async () => {
    const caller = h.call();
    await sayDuringMenu(caller, 'подскажите какие у вас тарифы на электроэнергию');
    await caller.until(() => caller.said.some((s) => s.label.startsWith('reference:')), 'answer');
    expect(caller.said.find((s) => s.label.startsWith('reference:'))!.label).toBe('reference:tariffs');
    caller.inbound.hangup();
    await caller.ended;
  });
});

describe('abusive speech (R-IVR-8)', () => {
  it('warns once, then ends the call politely and marks the interaction', async () => {
    const caller = h.call();
    await sayDuringMenu(caller, 'да пошли вы идиоты');
    await caller.until(() => caller.heard('abusiveWarning'), 'warning');
    await sayDuringMenu(caller, 'идиоты вы все', 2);
    const end = await caller.ended;
    expect(caller.said.map((s) => s.label).slice(-1)).toEqual(['abusiveEnd']);
    expect(caller.said.filter((s) => s.label === 'abusiveWarning')).toHaveLength(1);
    const row = await h.db.pool.query('select abusive, state from interactions where id = $1', [
      end.interactionId,
    ]);
    expect(row.rows[0]).toEqual({ abusive: true, state: 'closed' });
  });
});
