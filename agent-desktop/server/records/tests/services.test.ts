import { describe, expect, it } from 'vitest';
import { dueStatus } from '../services/appeal-status.ts';
import { describeRule } from '../services/appeal-view.ts';
import {
  identificationRequired,
  matchesAccountOrAddress,
  matchesOwnerName,
} from '../services/identification.ts';
import { maskEmail, maskFullName, maskPhone } from '../services/masking.ts';

const ACCOUNT = {
  number: '1901000001',
  house: '40А',
  apartment: null,
  ownerFullName: 'Сагалакова Алёна Петровна',
};

describe('identification checks', () => {
  it('takes surname and first name, with «ё», case and spacing aside; a patronymic said must match', () => {
    expect(matchesOwnerName(ACCOUNT.ownerFullName, 'сагалакова  АЛЕНА')).toBe(true);
    expect(matchesOwnerName(ACCOUNT.ownerFullName, 'Сагалакова Алёна Петровна')).toBe(true);
    expect(matchesOwnerName(ACCOUNT.ownerFullName, 'Сагалакова Алёна Павловна')).toBe(false);
    expect(matchesOwnerName(ACCOUNT.ownerFullName, 'Сагалакова')).toBe(false);
    expect(matchesOwnerName(ACCOUNT.ownerFullName, 'Сагалакова А. П.')).toBe(false);
    expect(matchesOwnerName(ACCOUNT.ownerFullName, 'Алёна Сагалакова')).toBe(false);
  });

  it('takes the account number as dictated, or the house (and the flat only when the account has one)', () => {
    expect(matchesAccountOrAddress(ACCOUNT, { accountNumber: '19-01-000-001' })).toBe(true);
    expect(matchesAccountOrAddress(ACCOUNT, { accountNumber: '1901000002' })).toBe(false);
    expect(matchesAccountOrAddress(ACCOUNT, { house: '40а' })).toBe(true);
    expect(matchesAccountOrAddress(ACCOUNT, { house: '40' })).toBe(false);
    const flat = { ...ACCOUNT, house: '12', apartment: '5' };
    expect(matchesAccountOrAddress(flat, { house: '12' })).toBe(false);
    expect(matchesAccountOrAddress(flat, { house: '12', apartment: '5' })).toBe(true);
  });

  it('is required in any conversation, and for operators always', () => {
    expect(identificationRequired(['operator'], undefined)).toBe(true);
    expect(identificationRequired(['supervisor', 'operator'], undefined)).toBe(false);
    expect(identificationRequired(['quality'], 'c0ffee00-0000-4000-8000-000000000000')).toBe(true);
  });
});

describe('masking', () => {
  it('leaves initials, the last two phone digits and the mail domain', () => {
    expect(maskFullName('Сагалакова Алёна Петровна')).toBe('С*** А. П.');
    expect(maskFullName('ООО')).toBe('О***');
    expect(maskPhone('+79131234567')).toBe('+7 *** ***-**-67');
    expect(maskEmail('alena@mail.ru')).toBe('a***@mail.ru');
    expect(maskEmail('broken')).toBe('***');
  });
});

describe('deadline wording and status', () => {
  it('says the rule in Russian with the right plural', () => {
    const wd = (count: number) => describeRule({ unit: 'working_days', count, source: '' });
    expect([1, 3, 5, 10, 11, 21, 22].map(wd)).toEqual([
      '1 рабочий день',
      '3 рабочих дня',
      '5 рабочих дней',
      '10 рабочих дней',
      '11 рабочих дней',
      '21 рабочий день',
      '22 рабочих дня',
    ]);
    expect(describeRule({ unit: 'calendar_days', count: 30, source: '' })).toBe('30 календарных дней');
  });

  it('marks near-due from 24 hours before the next obligation, overdue after it, done when closed', () => {
    const dueAt = new Date('2026-11-30T16:59:59Z');
    const at = (iso: string) => dueStatus({ state: 'registered', dueAt }, new Date(iso));
    expect(at('2026-11-29T16:59:58Z')).toBe('on_time');
    expect(at('2026-11-29T16:59:59Z')).toBe('near_due');
    expect(at('2026-11-30T16:59:59Z')).toBe('near_due');
    expect(at('2026-11-30T17:00:00Z')).toBe('overdue');
    expect(dueStatus({ state: 'answered', dueAt }, new Date('2026-12-30T00:00:00Z'))).toBe('done');
  });
});
