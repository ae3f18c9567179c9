export interface MoneyEntity {
  kopecks: number;
}

const AMOUNT =
  /(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?\s*(₽|руб[а-я.]*|р\.?(?![а-я])|тыс[а-я.]*|тыщ[а-я]*|к(?![а-я]))(?:\s*(\d{1,2})\s*коп[а-я.]*)?/g;

// A bare number is money when a payment word precedes it within three words: "оплатила в пятницу 1200".
const CUED_AMOUNT =
  /(?<![а-я])(?:долг[а-я]*|сумм[а-я]*|о?плат[а-я]*|заплат[а-я]*|перевел[а-я]*|внес[а-я]*|насчита[а-я]*|начисл[а-я]*|стоит|списал[а-я]*)((?:\s+(?:[а-я]+|\d{1,2}\s+числа)){0,3})\s+(\d{1,3}(?:\s\d{3})+|\d{2,7})(?![\d.,:/-]|\s*(?:числ|го|-го|г\.|год))/g;

/** Money amounts with a currency or thousands marker: "2 450 р.", "148 300,00 руб.", "20к", "14 тысяч". */
export function extractMoney(prepared: string): { amounts: MoneyEntity[]; raw: string[] } {
  const amounts: MoneyEntity[] = [];
  const raw: string[] = [];
  for (const match of prepared.matchAll(AMOUNT)) {
    const whole = Number(match[1]!.replace(/[\s\u00a0\u202f]/g, ''));
    const unit = match[3]!;
    const thousands = unit.startsWith('тыс') || unit.startsWith('тыщ') || unit === 'к';
    let kopecks = thousands ? whole * 100_000 : whole * 100;
    const fraction = match[2] ?? match[4];
    if (fraction && !thousands) kopecks += Number(fraction.padEnd(2, '0'));
    if (thousands && match[2]) kopecks += Math.round(Number(`0.${match[2]}`) * 100_000);
    amounts.push({ kopecks });
    raw.push(match[1]!.replace(/[\s\u00a0\u202f]/g, ''));
  }
  for (const match of prepared.matchAll(CUED_AMOUNT)) {
    const digits = match[2]!.replace(/\s/g, '');
    if (raw.includes(digits)) continue;
    amounts.push({ kopecks: Number(digits) * 100 });
    raw.push(digits);
  }
  return { amounts, raw };
}
