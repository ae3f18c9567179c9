import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV } from '../../core/billing/tests/fixtures.ts';
import { spokenAudio } from '../speech/double.ts';
import { type IvrHarness, OPERATORS, type ScriptedCaller, startIvrHarness } from './harness.ts';

let h: IvrHarness;
beforeAll(async () => {
  // Half the usual speed: spoken answers cross RTP packet by packet on the call clock, and the
  // answer's silence budget (5 s of call time) must not run out on a busy machine.
  h = await startIvrHarness({ speech: true, speed: 20 });
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

/** The account number as a caller dictates it, digit by digit. */
const DICTATED_ACCOUNT = 'один девять ноль один ноль ноль ноль ноль ноль один';

async function stepsOf(
  interactionId: string,
): Promise<Array<{ kind: string; data: Record<string, unknown> }>> {
  const { rows } = await h.db.pool.query(
    'select kind, data from interaction_events where interaction_id = $1 order by id',
    [interactionId],
  );
  return rows;
}

describe('spoken answers beyond the main menu', () => {
  it('the whole balance request by voice: account dictated, apartment, "нет, спасибо"', async () => {
    const caller = h.call();
    await sayDuringMenu(caller, 'сколько я должен за свет');
    await caller.sayWhen('askAccount', DICTATED_ACCOUNT);
    await caller.sayWhen('askSecondFactor', 'квартира пять');
    await caller.sayWhen('anythingElse', 'нет, спасибо');
    const end = await caller.ended;
    expect(caller.heard('balance')).toBe(true);
    expect(caller.said.map((s) => s.label).slice(-2)).toEqual(['thanks', 'goodbye']);
    // The questions say that an answer may be spoken.
    expect(caller.said.find((s) => s.label === 'askAccount')!.text).toMatch(/^Пожалуйста, назовите/);
    const steps = await stepsOf(end.interactionId);
    const answers = steps.filter((s) => s.kind === 'ivr.speech_answer').map((s) => s.data);
    expect(answers).toEqual([
      { what: 'account_number', understood: true },
      { what: 'second_factor', understood: true },
      { what: 'anything_else', understood: true },
    ]);
    expect(steps.map((s) => s.kind)).toContain('ivr.identified');
    // PII-free record: neither the transcript nor the digits are stored.
    expect(JSON.stringify(steps)).not.toMatch(/1901000001|один девять|квартира/);
  });

  it('meter readings said aloud (with a decimal part), read back, "нет" re-asks, "верно" submits', async () => {
    const caller = h.call();
    await sayDuringMenu(caller, 'хочу передать показания счётчика');
    await caller.answer(`${IVANOV.account}#`); // keys and voice mix freely
    await caller.sayWhen('askSecondFactor', 'пять');
    await caller.sayWhen(/зоны «день»/, 'двенадцать тысяч триста целых пять десятых');
    await caller.sayWhen(/зоны «ночь»/, 'пять тысяч триста');
    await caller.sayWhen('readBackConfirm', 'нет, неверно');
    await caller.sayWhen(/зоны «день»/, '12300,5', 2);
    await caller.sayWhen(/зоны «ночь»/, 'пять три ноль ноль', 2);
    await caller.sayWhen('readBackConfirm', 'да, всё верно', 2);
    await caller.sayWhen('anythingElse', 'нет');
    const end = await caller.ended;
    const readBacks = caller.said.filter((s) => s.text.startsWith('Вы ввели')).map((s) => s.text);
    expect(readBacks).toHaveLength(2);
    expect(readBacks[0]).toContain('день: двенадцать тысяч триста');
    expect(readBacks[0]).toContain('дробная часть пять');
    expect(readBacks[1]).toBe(readBacks[0]);
    const result = caller.said.find((s) => s.label === 'reading_result')!.text;
    expect(result, result).toContain('Спасибо, показания переданы.');
    const { rows } = await h.db.pool.query(
      `select zone, value::text from meter_readings where meter_id = 1 and channel = 'phone' and state = 'accepted'
       order by received_at desc, zone limit 2`,
    );
    expect(rows).toEqual([
      { zone: 'day', value: '12300.50' },
      { zone: 'night', value: '5300.00' },
    ]);
    const steps = await stepsOf(end.interactionId);
    expect(steps.filter((s) => s.kind === 'ivr.speech_answer' && s.data.what === 'reading')).toHaveLength(4);
  });

  it('a phone-linked account confirmed with "да" skips dictating the number', async () => {
    const caller = h.call(IVANOV.phone);
    await sayDuringMenu(caller, 'какая у меня задолженность');
    await caller.sayWhen('phoneLinked', 'да');
    await caller.sayWhen('askSecondFactor', 'квартира пять');
    await caller.until(() => caller.heard('balance'), 'balance');
    expect(caller.heard('askAccount')).toBe(false);
    caller.inbound.hangup();
    await caller.ended;
  });

  it('an answer that is no number is not understood and the question is repeated', async () => {
    const caller = h.call();
    await sayDuringMenu(caller, 'задолженность');
    await caller.sayWhen('askAccount', 'я не помню');
    await caller.until(
      () => caller.said.filter((s) => s.label === 'askAccount').length === 2,
      'question again',
    );
    const repeated = caller.said.map((s) => s.label);
    expect(repeated.slice(-2)).toEqual(['notUnderstood', 'askAccount']);
    expect(caller.steps.find((s) => s.kind === 'speech_answer')?.data).toEqual({
      what: 'account_number',
      understood: false,
    });
    caller.inbound.hangup();
    await caller.ended;
  });

  it('abusive speech at any question gets the warning, then the question again', async () => {
    const caller = h.call();
    await sayDuringMenu(caller, 'задолженность');
    await caller.sayWhen('askAccount', 'да пошли вы идиоты');
    await caller.until(() => caller.heard('abusiveWarning'), 'warning');
    await caller.sayWhen('askAccount', DICTATED_ACCOUNT, 2);
    await caller.until(() => caller.heard('askSecondFactor'), 'next question');
    caller.inbound.hangup();
    const end = await caller.ended;
    const row = await h.db.pool.query('select abusive from interactions where id = $1', [end.interactionId]);
    expect(row.rows[0].abusive).toBe(true);
  });
});

describe('the callback offer answered aloud', () => {
  it('"да, перезвоните" above 100 s of estimated wait: callback, the place kept', async () => {
    // The only operator is busy with someone else: the estimate is one handle time (180 s).
    await h.acd.login({
      agentId: String(OPERATORS[0]!.id),
      skills: [{ queue: 'general', level: 5 }],
      state: 'ready',
    });
    const other = randomUUID();
    await h.acd.enqueue({ id: other, queue: 'general', channel: 'phone' });
    expect(await h.acd.accept(other, String(OPERATORS[0]!.id))).toBe('accepted');
    const caller = h.call();
    await sayDuringMenu(caller, 'соедините с оператором');
    await caller.sayWhen('callbackOffer', 'да, перезвоните мне');
    const end = await caller.ended;
    expect(caller.said.find((s) => s.label === 'callbackOffer')!.text).toContain('Скажите «да»');
    expect(caller.said.map((s) => s.label).slice(-2)).toEqual(['callbackAccepted', 'goodbye']);
    expect(end.outcome).toBe('callback_requested');
    expect(await h.acd.waiting('general')).toContain(end.interactionId);
    await h.acd.cancel(end.interactionId);
  });
});
