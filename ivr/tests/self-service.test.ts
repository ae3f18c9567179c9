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
