import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IVANOV } from '../../core/billing/tests/fixtures.ts';
import { type IvrHarness, startIvrHarness } from './harness.ts';

let h: IvrHarness;
beforeAll(async () => {
  h = await startIvrHarness();
});
afterAll(async () => h?.close());

async function eventKinds(interactionId: string): Promise<string[]> {
  const { rows } = await h.db.pool.query<{ kind: string }>(
    'select kind from interaction_events where interaction_id = $1 order by id',
    [interactionId],
  );
  return rows.map((row) => row.kind);
}

describe('balance', () => {
  it('identifies by account number and apartment, then reads the debt in words', async () => {
    const caller = h.call();
    await caller.answers('1', `${IVANOV.account}#`, '5#', '2');
    const end = await caller.ended;
    const labels = caller.said.map((s) => s.label);
    expect(labels.slice(0, 2)).toEqual(['recordingNotice', 'greeting']);
    const balance = caller.said.find((s) => s.label === 'balance')!.text;
    expect(balance).toMatch(/^Задолженность по Вашему лицевому счёту составляет .*рубл/);
    expect(balance).not.toMatch(/\d{3}/); // amounts in words, not figures
    expect(labels.slice(-3)).toEqual(['anythingElse', 'thanks', 'goodbye']);
    const interaction = await h.db.pool.query(
      'select state, outcome, account_id, client_id, topics from interactions where id = $1',
      [end.interactionId],
    );
    expect(interaction.rows[0]).toMatchObject({
      state: 'closed',
      outcome: 'self_served',
      account_id: 1,
      client_id: 1,
      topics: ['balance'],
    });
    const kinds = await eventKinds(end.interactionId);
    expect(kinds).toContain('ivr.verb.record');
    expect(kinds).toContain('ivr.identified');
    expect(kinds).toContain('ivr.balance_told');
    expect(kinds.at(-2)).toBe('ivr.ended');
  });
});

describe('meter readings', () => {
  it('reads the values back, submits them and speaks the reason of a rejection', async () => {
    const caller = h.call();
    // Day 12000 is below the last accepted 12250.5: billing refuses it.
    await caller.answers('2', `${IVANOV.account}#`, '5#', '12000#', '5200#', '1', '2');
    const end = await caller.ended;
    const readBack = caller.said.find((s) => s.text.startsWith('Вы ввели'))!.text;
    expect(readBack).toContain('день: двенадцать тысяч киловатт-часов');
    const result = caller.said.find((s) => s.label === 'reading_result')!.text;
    expect(result).toMatch(/Показание \(день\) не принято\. \S+/);
    expect(result).not.toContain('Спасибо, показания переданы');
    const { rows } = await h.db.pool.query(
      `select data from interaction_events where interaction_id = $1 and kind = 'ivr.reading_submitted'`,
      [end.interactionId],
    );
    expect(rows[0].data).toMatchObject({ accepted: false });
    expect((rows[0].data.codes as string[]).length).toBeGreaterThan(0);
  });

  it('accepts valid readings with a decimal star and thanks the caller', async () => {
    const caller = h.call();
    await caller.answers('2', `${IVANOV.account}#`, '12#', '12300*5#', '5300#', '1', '2');
    await caller.ended;
    const result = caller.said.find((s) => s.label === 'reading_result')!.text;
    expect(result, result).toContain('Спасибо, показания переданы.');
  });
});

describe('outages', () => {
  it("tells the current and coming outages at the identified account's address, not elsewhere or past ones", async () => {
    const caller = h.call();
    await caller.answers('3', `${IVANOV.account}#`, '5#', '2');
    const end = await caller.ended;
    const told = caller.said.find((s) => s.label === 'outages')!.text;
    expect(told).toContain('Сейчас по Вашему адресу плановое отключение'); // ул. Ленина, until 16:00
    expect(told).toContain('Замена опоры');
    expect(told).not.toContain('Прошедшие работы');
    expect(told).not.toContain('Другой посёлок');
    expect(told).not.toMatch(/\d{2}:\d{2}/); // times in words for the voice
    const { rows } = await h.db.pool.query(
      `select data from interaction_events where interaction_id = $1 and kind = 'ivr.outages_told'`,
      [end.interactionId],
    );
    expect(Number(rows[0].data.count)).toBeGreaterThan(0);
    expect(caller.said.map((s) => s.label).slice(-3)).toEqual(['anythingElse', 'thanks', 'goodbye']);
  });
});

describe('a caller whose number is linked to an account (R-IVR-5)', () => {
  it('is offered that account and only confirms the second factor', async () => {
    const caller = h.call(IVANOV.phone);
    await caller.answers('1', '1', '5#', '2');
    const end = await caller.ended;
    expect(caller.heard('phoneLinked')).toBe(true);
    expect(caller.heard('askAccount')).toBe(false);
    expect(caller.heard('balance')).toBe(true);
    const kinds = await eventKinds(end.interactionId);
    expect(kinds).toEqual(expect.arrayContaining(['ivr.phone_linked', 'ivr.identified']));
  });

  it('the linked account still needs the second factor: a wrong one tells nothing', async () => {
    const caller = h.call(IVANOV.phone);
    await caller.answers('1', '1', '7#');
    await caller.until(() => caller.heard('secondFactorMismatch'), 'mismatch');
    expect(caller.text()).not.toMatch(/Задолженность|рубл/);
    caller.inbound.hangup();
    await caller.ended;
  });
});

describe('identification (R-IVR-5)', () => {
  it('a caller who gives no account number hears no personal data', async () => {
    const caller = h.call();
    await caller.answer('1');
    await caller.until(() => caller.heard('notIdentified'), 'refusal', 20_000);
    await caller.answer('2');
    const end = await caller.ended;
    expect(caller.said.some((s) => s.label === 'balance')).toBe(false);
    expect(caller.text()).not.toMatch(/Задолженность|рубл|Иванов/);
    const kinds = await eventKinds(end.interactionId);
    expect(kinds).toContain('ivr.identification_refused');
    expect(kinds).not.toContain('ivr.identified');
    const row = await h.db.pool.query('select account_id from interactions where id = $1', [
      end.interactionId,
    ]);
    expect(row.rows[0].account_id).toBeNull();
  });

  it('a wrong second factor three times ends identification without data', async () => {
    const caller = h.call();
    await caller.answers(
      '1',
      `${IVANOV.account}#`,
      '7#',
      `${IVANOV.account}#`,
      '8#',
      `${IVANOV.account}#`,
      '9#',
    );
    await caller.until(() => caller.heard('notIdentified'), 'refusal');
    expect(caller.said.filter((s) => s.label === 'secondFactorMismatch')).toHaveLength(3);
    expect(caller.text()).not.toMatch(/Задолженность/);
    caller.inbound.hangup();
    await caller.ended;
  });
});

describe('menu input', () => {
  it('barge-in: a key during the menu prompt stops it at once', async () => {
    const caller = h.call();
    await caller.until(() => caller.heard('mainMenu'), 'main menu');
    await caller.inbound.sendDtmf('4', { durationMs: 80 });
    await caller.until(() => caller.heard('referenceMenu'), 'reference menu');
    const gather = caller.steps.find((s) => s.kind === 'verb.gather')!;
    expect(String(gather.data.outcome)).toBe('complete:1:barge_in');
    // The menu text lasts ~40 ms per character of virtual time; barge-in cut it short. The key
    // comes right after the prompt started, but the round trips (key event, stop request) take
    // wall time, 40× longer in call time: a busy machine needs most of the menu's length for them.
    const menuLength = caller.said.find((s) => s.label === 'mainMenu')!.text.length * 40;
    expect(Number(gather.data.ms)).toBeLessThan(menuLength);
    await caller.answers('1', '2');
    await caller.ended;
    expect(caller.said.find((s) => s.label === 'reference:payment_methods')?.text.length).toBeGreaterThan(20);
  });

  it('invalid input is repeated at most 3 times, then the operator is offered', async () => {
    const caller = h.call();
    await caller.answers('9', '7', '8');
    await caller.until(() => caller.heard('tooManyAttempts'), 'operator offer');
    expect(caller.said.filter((s) => s.label === 'mainMenu')).toHaveLength(3);
    expect(caller.said.filter((s) => s.label === 'notUnderstood')).toHaveLength(2);
    await caller.until(() => caller.heard('transferring'), 'transfer');
    caller.inbound.hangup();
    await caller.ended;
  });
});
