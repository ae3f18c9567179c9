import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_NUMBER_IN_TEXT,
  ACCOUNT_NUMBER_LENGTH,
  isAccountNumber,
  normalizeAccountNumber,
} from '../account-number.ts';

describe('account numbers', () => {
  it('are exactly ten digits', () => {
    expect(ACCOUNT_NUMBER_LENGTH).toBe(10);
    expect(isAccountNumber('1901000123')).toBe(true);
    for (const bad of ['190100012', '19010001234', '19010001a3', ' 1901000123', '', '１９０１０００１２３']) {
      expect(isAccountNumber(bad)).toBe(false);
    }
  });

  it('are normalised from dictated or typed forms', () => {
    expect(normalizeAccountNumber('19 01 000 123')).toBe('1901000123');
    expect(normalizeAccountNumber('1901-000-123')).toBe('1901000123');
    expect(normalizeAccountNumber(' 19.01.000.123 ')).toBe('1901000123');
    expect(normalizeAccountNumber('19 01 000 12')).toBeNull();
    expect(normalizeAccountNumber('лс 1901000123')).toBeNull();
  });

  it('are found in free text only as whole ten-digit runs', () => {
    const text = 'ЛС 1901000123, тел. 89131234567, сумма 1234567890 и 12345678901';
    expect(text.match(ACCOUNT_NUMBER_IN_TEXT)).toEqual(['1901000123', '1234567890']);
  });
});
