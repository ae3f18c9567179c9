import { describe, expect, it } from 'vitest';
import { digitsWord, explainRejection, type RejectionFacts } from '../services/reading-explanations.ts';
import { READING_REJECTION_CODES } from '../services/reading-rules.ts';

const facts: RejectionFacts = {
  code: 'below_previous',
  zone: 'night',
  meterZones: ['day', 'night'],
  digits: 6,
  monthlyCeilingKwh: 3000,
  value: 120_000,
  previous: { value: 125_000, takenAt: new Date('2026-10-14T18:30:00Z') },
  consumption: 950_000,
  months: 1,
  timeZone: 'Asia/Krasnoyarsk',
};

describe('explainRejection', () => {
  it('has a polite Russian explanation for every code', () => {
    for (const code of READING_REJECTION_CODES) {
      const text = explainRejection({ ...facts, code });
      expect(text, code).toMatch(/^[А-ЯЁ]/);
      expect(text, code).toMatch(/[а-яё]{4,}/);
      expect(text, code).not.toMatch(/undefined|null|NaN|\[object/);
      expect(text, code).not.toMatch(/\bты\b|\bтебе\b/i);
    }
  });

  it('names the figures that explain the refusal (local date of the previous reading)', () => {
    const below = explainRejection(facts);
    expect(below).toContain('«ночь»');
    expect(below).toContain('1\u00A0200');
    expect(below).toContain('1\u00A0250 от 15.10.2026');
    const jump = explainRejection({ ...facts, code: 'absurd_jump' });
    expect(jump).toContain('9\u00A0500 кВт·ч с 15.10.2026');
    expect(jump).toContain('3\u00A0000 кВт·ч в месяц');
    expect(jump).toContain('оператору');
    expect(explainRejection({ ...facts, code: 'unknown_zone', zone: 'peak' })).toContain(
      'не учитывает зону «пик»: у него зоны «день», «ночь»',
    );
    expect(explainRejection({ ...facts, code: 'too_many_digits', digits: 5 })).toContain('5 цифр до запятой');
  });

  it('agrees "цифра" with the number', () => {
    expect([1, 2, 4, 5, 9, 11, 21, 22].map(digitsWord)).toEqual([
      'цифра',
      'цифры',
      'цифры',
      'цифр',
      'цифр',
      'цифр',
      'цифра',
      'цифры',
    ]);
  });
});
