import { describe, expect, it } from 'vitest';
import { measureSms } from '../sms-length.ts';
import { checkSmsTemplate, renderSms, type SmsVariable } from '../sms-template.ts';

const latin = (n: number) => 'a'.repeat(n);
const cyrillic = (n: number) => 'ж'.repeat(n);

describe('measureSms counts as the gateway does', () => {
  it('GSM-7: 160 septets fit one SMS, 161 need two parts of 153', () => {
    expect(measureSms(latin(160))).toEqual({ encoding: 'gsm7', characters: 160, segments: 1 });
    expect(measureSms(latin(161))).toEqual({ encoding: 'gsm7', characters: 161, segments: 2 });
    expect(measureSms(latin(306))).toMatchObject({ segments: 2 });
    expect(measureSms(latin(307))).toMatchObject({ segments: 3 });
  });

  it('an extension-table character (€ [ ] { } ~ ^ | \\) counts two septets', () => {
    expect(measureSms(latin(158) + '€')).toEqual({ encoding: 'gsm7', characters: 160, segments: 1 });
    expect(measureSms(latin(159) + '€')).toEqual({ encoding: 'gsm7', characters: 161, segments: 2 });
    expect(measureSms('[]{}~^|\\€')).toMatchObject({ characters: 18 });
  });

  it('never splits an escape pair between parts', () => {
    // 306 septets divide into two parts of 153, but the € straddles the boundary.
    expect(measureSms(latin(152) + '€' + latin(152))).toEqual({
      encoding: 'gsm7',
      characters: 306,
      segments: 3,
    });
  });

  it('any Cyrillic letter turns the whole message into UCS-2: 70 single, 67 per part', () => {
    expect(measureSms(cyrillic(70))).toEqual({ encoding: 'ucs2', characters: 70, segments: 1 });
    expect(measureSms(cyrillic(71))).toEqual({ encoding: 'ucs2', characters: 71, segments: 2 });
    expect(measureSms(latin(69) + 'ж')).toEqual({ encoding: 'ucs2', characters: 70, segments: 1 });
    expect(measureSms(cyrillic(160))).toEqual({ encoding: 'ucs2', characters: 160, segments: 3 });
    expect(measureSms(cyrillic(201))).toMatchObject({ segments: 3 });
    expect(measureSms(cyrillic(202))).toMatchObject({ segments: 4 });
  });

  it('an emoji is a surrogate pair: two UCS-2 units, never split', () => {
    expect(measureSms('😀')).toEqual({ encoding: 'ucs2', characters: 2, segments: 1 });
    expect(measureSms(cyrillic(66) + '😀' + cyrillic(3))).toEqual({
      encoding: 'ucs2',
      characters: 71,
      segments: 2,
    });
    expect(measureSms(cyrillic(66) + '😀' + cyrillic(66))).toMatchObject({ characters: 134, segments: 3 });
  });
});

describe('checkSmsTemplate: at most 160 characters with real values', () => {
  const amount: SmsVariable = { maxLength: 12, alphabet: 'digits' };

  it('a Cyrillic template of 160 characters in the worst case passes, 161 does not', () => {
    const literal = (n: number) => cyrillic(n - amount.maxLength);
    const ok = checkSmsTemplate(`${literal(160)}{{amount}}`, { amount });
    expect(ok).toMatchObject({ ok: true, worstCase: { encoding: 'ucs2', characters: 160, segments: 3 } });
    const long = checkSmsTemplate(`${literal(161)}{{amount}}`, { amount });
    expect(long.ok).toBe(false);
    expect(long.problems).toEqual([
      {
        code: 'too_long',
        message: 'С реальными значениями SMS может занять 161 символов при допустимых 160',
      },
    ]);
  });

  it('a real debt reminder', () => {
    const check = checkSmsTemplate(
      'Задолженность по л/с {{account}} составляет {{amount}} руб. Оплатите до {{date}}. Ваша энергосбытовая компания',
      { account: { maxLength: 12, alphabet: 'digits' }, amount, date: { maxLength: 10, alphabet: 'digits' } },
    );
    expect(check).toMatchObject({ ok: true, worstCase: { encoding: 'ucs2', characters: 115, segments: 2 } });
  });

  it('a Latin template with a name variable is measured in its longest encoding', () => {
    const name: SmsVariable = { maxLength: 40, alphabet: 'bmp' };
    // GSM-7 worst case: a Latin name full of extension characters, 2 septets each.
    const check = checkSmsTemplate(`${latin(80)}{{name}}`, { name });
    expect(check).toMatchObject({ ok: true, worstCase: { encoding: 'gsm7', characters: 160 } });
    expect(checkSmsTemplate(`${latin(81)}{{name}}`, { name }).ok).toBe(false);
    // A digits-only variable is one septet a character: the same template fits.
    expect(checkSmsTemplate(`${latin(81)}{{name}}`, { name: { ...name, alphabet: 'digits' } }).ok).toBe(true);
  });

  it('an emoji-capable variable counts two units per character', () => {
    const text: SmsVariable = { maxLength: 50, alphabet: 'any' };
    expect(checkSmsTemplate(`${cyrillic(60)}{{text}}`, { text }).worstCase).toMatchObject({
      characters: 160,
    });
    expect(checkSmsTemplate(`${cyrillic(61)}{{text}}`, { text }).ok).toBe(false);
  });

  it('names unknown variables and broken placeholders', () => {
    const check = checkSmsTemplate('Долг {{amount}} по {{acount}}, {{date', { amount });
    expect(check.problems.map((p) => p.code)).toEqual(['unknown_variable', 'broken_placeholder']);
    expect(check.problems[0]!.message).toBe('Неизвестная переменная «acount» в шаблоне');
  });

  it('an optional cap on parts', () => {
    const check = checkSmsTemplate(cyrillic(71), {}, { maxSegments: 1 });
    expect(check.problems.map((p) => p.code)).toEqual(['too_many_segments']);
    // 134 UCS-2 units with no pair possible fill exactly two parts of 67.
    const digits = { maxLength: 4, alphabet: 'digits' } as const;
    expect(checkSmsTemplate(`${cyrillic(130)}{{n}}`, { n: digits }, { maxSegments: 2 }).ok).toBe(true);
    // Two emoji where part 1 ends: the first pair cannot be split, so the text needs three parts.
    const emoji = { maxLength: 2, alphabet: 'any' } as const;
    const straddling = checkSmsTemplate(
      `${cyrillic(66)}{{e}}${cyrillic(64)}`,
      { e: emoji },
      { maxSegments: 2 },
    );
    expect(straddling.problems.map((p) => p.code)).toEqual(['too_many_segments']);
    expect(measureSms(`${cyrillic(66)}😀😀${cyrillic(64)}`).segments).toBe(3);
  });
});

describe('renderSms', () => {
  const variables = { amount: { maxLength: 9, alphabet: 'digits' } } as const;

  it('fills the template and measures the result', () => {
    expect(renderSms('Долг {{ amount }} руб.', variables, { amount: '1 234,56' })).toEqual({
      text: 'Долг 1 234,56 руб.',
      measure: { encoding: 'ucs2', characters: 18, segments: 1 },
    });
  });

  it('refuses a value outside its declaration instead of sending a longer SMS', () => {
    expect(() => renderSms('Долг {{amount}}', variables, { amount: '1234567890' })).toThrow(
      /outside its declaration/,
    );
    expect(() => renderSms('Долг {{amount}}', variables, { amount: 'много' })).toThrow(
      /outside its declaration/,
    );
    expect(() => renderSms('Долг {{amount}}', variables, {})).toThrow(
      /no value for template variable amount/,
    );
  });
});
