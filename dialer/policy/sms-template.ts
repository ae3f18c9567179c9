import { z } from 'zod';
import { ContactPolicyError } from './errors.ts';
import { gsm7Septets, isGsm7Text } from './gsm7.ts';
import { measureSms, type SmsEncoding, type SmsMeasure, segmentsFor } from './sms-length.ts';
import { SMS_MAX_CHARACTERS } from './standard.ts';

/**
 * What a template variable may hold, which decides its worst case:
 * - `digits`: figures and `. , - : /` and space (amounts, dates, account numbers): 1 unit each;
 * - `gsm7`: any GSM-7 text: up to 2 septets each (extension characters such as `€ [ ]`);
 * - `bmp`: any everyday text — Cyrillic names, addresses: forces UCS-2, 1 unit each;
 * - `any`: anything, emoji included: 2 UCS-2 units each (a surrogate pair).
 */
export const SMS_VARIABLE_ALPHABETS = ['digits', 'gsm7', 'bmp', 'any'] as const;
export type SmsVariableAlphabet = (typeof SMS_VARIABLE_ALPHABETS)[number];

export const smsVariableSchema = z.object({
  maxLength: z.number().int().min(1).max(1000),
  alphabet: z.enum(SMS_VARIABLE_ALPHABETS),
});
export type SmsVariable = z.infer<typeof smsVariableSchema>;

const DIGITS = /^[0-9 .,:/-]*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

const WORST_UNITS: Readonly<Record<SmsVariableAlphabet, Record<SmsEncoding, number>>> = {
  digits: { gsm7: 1, ucs2: 1 },
  gsm7: { gsm7: 2, ucs2: 1 },
  bmp: { gsm7: 2, ucs2: 1 },
  any: { gsm7: 2, ucs2: 2 },
};

export interface SmsTemplateProblem {
  code: 'unknown_variable' | 'broken_placeholder' | 'too_long' | 'too_many_segments' | 'empty';
  /** Russian, shown to the supervisor as is. */
  message: string;
}

export interface SmsTemplateCheck {
  ok: boolean;
  problems: SmsTemplateProblem[];
  /** The longest message the template can produce with values inside the declared limits. */
  worstCase: SmsMeasure;
}

export interface SmsLimits {
  /** The standard's 160 characters, counted in gateway units (see dialer/doubles/README.md). */
  maxCharacters?: number;
  /** Optional cap on parts, for retailers that pay per part. */
  maxSegments?: number;
}

function literalUnits(literal: string, encoding: SmsEncoding): number {
  let units = 0;
  for (const char of literal) units += encoding === 'gsm7' ? (gsm7Septets(char) ?? 2) : char.length;
  return units;
}

/**
 * Rejects a template that can exceed the limit with real values: every variable is taken at its
 * maximum length, in the encoding that makes the message longest (a Cyrillic name turns a Latin
 * template into UCS-2).
 */
export function checkSmsTemplate(
  template: string,
  variables: Readonly<Record<string, SmsVariable>>,
  limits: SmsLimits = {},
): SmsTemplateCheck {
  const maxCharacters = limits.maxCharacters ?? SMS_MAX_CHARACTERS;
  const problems: SmsTemplateProblem[] = [];
  const used: SmsVariable[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const variable = variables[match[1]!];
    if (variable) used.push(smsVariableSchema.parse(variable));
    else
      problems.push({ code: 'unknown_variable', message: `Неизвестная переменная «${match[1]}» в шаблоне` });
  }
  const literal = template.replace(PLACEHOLDER, '');
  if (literal.includes('{{') || literal.includes('}}')) {
    problems.push({
      code: 'broken_placeholder',
      message: 'В шаблоне есть незакрытая или неверная подстановка {{…}}',
    });
  }
  if (template.trim() === '') problems.push({ code: 'empty', message: 'Шаблон SMS пуст' });

  const encodings: SmsEncoding[] = [];
  if (isGsm7Text(literal)) encodings.push('gsm7');
  if (!isGsm7Text(literal) || used.some((v) => v.alphabet === 'bmp' || v.alphabet === 'any'))
    encodings.push('ucs2');
  const candidates = encodings.map((encoding): SmsMeasure => {
    const characters =
      literalUnits(literal, encoding) +
      used.reduce((sum, v) => sum + v.maxLength * WORST_UNITS[v.alphabet][encoding], 0);
    const pairsPossible =
      literalUnits(literal, encoding) !== [...literal].length ||
      used.some((v) => WORST_UNITS[v.alphabet][encoding] === 2);
    return { encoding, characters, segments: segmentsFor(characters, encoding, pairsPossible) };
  });
  const worstCase = candidates.reduce((worst, c) => (c.characters > worst.characters ? c : worst));

  if (worstCase.characters > maxCharacters) {
    problems.push({
      code: 'too_long',
      message: `С реальными значениями SMS может занять ${worstCase.characters} символов при допустимых ${maxCharacters}`,
    });
  }
  const maxSegments = limits.maxSegments;
  const worstSegments = Math.max(...candidates.map((c) => c.segments));
  if (maxSegments !== undefined && worstSegments > maxSegments) {
    problems.push({
      code: 'too_many_segments',
      message: `SMS может состоять из ${worstSegments} частей при допустимых ${maxSegments}`,
    });
  }
  return { ok: problems.length === 0, problems, worstCase };
}

function fitsAlphabet(value: string, alphabet: SmsVariableAlphabet): boolean {
  if (alphabet === 'digits') return DIGITS.test(value);
  if (alphabet === 'gsm7') return isGsm7Text(value);
  if (alphabet === 'bmp') return [...value].every((char) => char.length === 1);
  return true;
}

/** Fills a checked template; a value outside its declaration is refused rather than sent long. */
export function renderSms(
  template: string,
  variables: Readonly<Record<string, SmsVariable>>,
  values: Readonly<Record<string, string>>,
  limits: SmsLimits = {},
): { text: string; measure: SmsMeasure } {
  const text = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const variable = variables[name];
    const value = values[name];
    if (!variable) throw new ContactPolicyError(`template variable ${name} is not declared`);
    if (value === undefined) throw new ContactPolicyError(`no value for template variable ${name}`);
    if ([...value].length > variable.maxLength || !fitsAlphabet(value, variable.alphabet)) {
      throw new ContactPolicyError(
        `value of ${name} is outside its declaration (${variable.alphabet}, ≤ ${variable.maxLength})`,
      );
    }
    return value;
  });
  const measure = measureSms(text);
  const maxCharacters = limits.maxCharacters ?? SMS_MAX_CHARACTERS;
  if (measure.characters > maxCharacters) {
    throw new ContactPolicyError(
      `rendered SMS has ${measure.characters} characters, more than ${maxCharacters}`,
    );
  }
  return { text, measure };
}
