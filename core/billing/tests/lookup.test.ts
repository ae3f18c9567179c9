import { describe, expect, it } from 'vitest';
import {
  normalizeRussianPhone,
  normalizeSettlement,
  normalizeStreet,
  phoneVariants,
} from '../services/lookup.ts';

describe('normalizeRussianPhone', () => {
  it('brings the usual notations to E.164', () => {
    for (const input of [
      '+7 (913) 123-45-67',
      '8 913 123 45 67',
      '89131234567',
      '79131234567',
      '9131234567',
    ]) {
      expect(normalizeRussianPhone(input), input).toBe('+79131234567');
    }
  });

  it('refuses what is not a Russian phone', () => {
    for (const input of [
      '',
      '12345',
      '+1 212 555 0100',
      '+7 913 123 45 6',
      '9131234567x',
      '+380441234567',
      '1131234567',
    ]) {
      expect(normalizeRussianPhone(input), input).toBeNull();
    }
  });

  it('lists the stored notations to match', () => {
    expect(phoneVariants('+79131234567')).toEqual([
      '+79131234567',
      '79131234567',
      '89131234567',
      '9131234567',
    ]);
  });
});

describe('street and settlement names', () => {
  it('drops the kind of street, case, "ё" and punctuation', () => {
    expect(normalizeStreet('ул. Ленина')).toBe('ленина');
    expect(normalizeStreet('улица  Карла Маркса')).toBe('карла маркса');
    expect(normalizeStreet('Пушкина пер.')).toBe('пушкина');
    expect(normalizeStreet('пр-т Дружбы Народов')).toBe('дружбы народов');
    expect(normalizeStreet('ул.Щорса')).toBe('щорса');
    expect(normalizeStreet('Зелёная')).toBe('зеленая');
    expect(normalizeStreet('')).toBe('');
  });

  it('drops the kind of settlement', () => {
    expect(normalizeSettlement('г. Абакан')).toBe('абакан');
    expect(normalizeSettlement('пгт Усть-Абакан')).toBe('усть-абакан');
    expect(normalizeSettlement('Черногорск')).toBe('черногорск');
  });
});
