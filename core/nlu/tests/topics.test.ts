import { describe, expect, it } from 'vitest';
import { decide } from '../services/decide.ts';
import { splitClauses } from '../services/topics.ts';
import { Understander } from '../services/understand.ts';

const understander = new Understander();
const raisedTopics = (text: string) => {
  const result = understander.understandInDetail(text);
  return result.topics.slice(0, result.raised).map((t) => t.topic);
};

describe('multi-topic messages', () => {
  it.each([
    [
      'Подскажите сумму долга по лс 1900554021 и куда можно оплатить без комиссии',
      ['balance', 'payment_methods'],
    ],
    [
      'Куда можно оплатить без комиссии? И подскажите сумму долга по лс 1900554021',
      ['payment_methods', 'balance'],
    ],
    ['Хочу подать жалобу, соедините с оператором', ['complaint', 'operator']],
    ['Соедините с оператором, хочу подать жалобу', ['operator', 'complaint']],
    ['Где ваш офис в Абакане? И можно ли там оплатить наличными', ['offices', 'payment_methods']],
    ['показания 45678, и скажите заодно сколько к оплате выйдет', ['meter_reading', 'balance']],
  ])('returns the topics in the order they were raised: %s', (text, expected) => {
    expect(raisedTopics(text)).toEqual(expected);
  });

  it('a single-topic message raises one topic, with the runners-up after it', () => {
    const result = understander.understandInDetail('Как получить справку об отсутствии задолженности?');
    expect(result.raised).toBe(1);
    expect(result.topic).toBe('no_debt_certificate');
    expect(result.topics[0]!.score).toBeGreaterThan(0.8);
  });

  it('cuts clauses at sentence ends and joining phrases, not inside a thought', () => {
    expect(splitClauses('Оплатила. А долг висит')).toEqual(['Оплатила', 'А долг висит']);
    expect(splitClauses('оплатила а долг висит')).toEqual(['оплатила а долг висит']);
    expect(splitClauses('долг какой и заодно тариф')).toEqual(['долг какой', 'тариф']);
  });

  it('scores are probabilities, comparable across messages', () => {
    for (const text of ['долг?', 'алло девушка мне нужна справка что долгов нет', 'ыыыы']) {
      const { topics } = understander.understand(text);
      for (const t of topics) expect(t.score).toBeGreaterThanOrEqual(0);
      for (const t of topics) expect(t.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('decision helper (answer / clarify / handoff)', () => {
  it('answers a confident, clear topic and offers the other raised topics next', () => {
    expect(
      decide({
        topics: [
          { topic: 'balance', score: 0.9 },
          { topic: 'payment_methods', score: 0.7 },
        ],
        raised: 2,
      }),
    ).toEqual({ action: 'answer', topic: 'balance', next: ['payment_methods'] });
  });

  it('clarifies with choices when the top two are close, then hands over after a failed clarification', () => {
    const ambiguous = {
      topics: [
        { topic: 'bill' as const, score: 0.45 },
        { topic: 'payment_missing' as const, score: 0.4 },
        { topic: 'other' as const, score: 0.15 },
      ],
      raised: 1,
    };
    expect(decide(ambiguous)).toEqual({ action: 'clarify', choices: ['bill', 'payment_missing'] });
    expect(decide(ambiguous, 1)).toEqual({ action: 'handoff', reason: 'retries_exhausted' });
  });

  it('confidence and margin boundaries', () => {
    const at = (top: number, second: number) =>
      decide({
        topics: [
          { topic: 'tariffs', score: top },
          { topic: 'balance', score: second },
        ],
        raised: 1,
      }).action;
    expect(at(0.6, 0.4)).toBe('answer');
    expect(at(0.599, 0.1)).toBe('clarify');
    expect(at(0.6, 0.401)).toBe('clarify');
    expect(at(0.249, 0.2)).toBe('handoff');
  });

  it('hands over on request and for topics the robot does not serve', () => {
    expect(decide({ topics: [{ topic: 'operator', score: 0.97 }], raised: 1 })).toEqual({
      action: 'handoff',
      reason: 'requested',
    });
    expect(decide({ topics: [{ topic: 'other', score: 0.9 }], raised: 1 })).toEqual({
      action: 'handoff',
      reason: 'not_automated',
    });
  });
});
