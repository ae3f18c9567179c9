/**
 * How clients name phones and streets, reduced to one form so a spoken or typed query finds
 * what the billing stores.
 */

/**
 * A Russian phone in E.164 ("+79131234567"), or null when the input is not one. Accepts the
 * usual notations: "+7 (913) 123-45-67", "8 913 123 45 67", "9131234567".
 */
export function normalizeRussianPhone(input: string): string | null {
  if (!/^[\d\s()+\-.]+$/.test(input.trim())) return null;
  const digits = input.replace(/\D/g, '');
  // "+" announces the country code: it must be 7 and ten national digits must follow.
  const national = input.trim().startsWith('+')
    ? digits.length === 11 && digits.startsWith('7')
      ? digits.slice(1)
      : null
    : digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))
      ? digits.slice(1)
      : digits.length === 10
        ? digits
        : null;
  // Russian national numbers start with an area or mobile code: 3xx, 4xx, 8xx or 9xx.
  return national !== null && /^[3489]/.test(national) ? `+7${national}` : null;
}

/** The notations a billing may have stored a phone in, for a tolerant exact match. */
export function phoneVariants(e164: string): string[] {
  const national = e164.slice(2);
  return [e164, `7${national}`, `8${national}`, national];
}

// Kinds of streets as written before or after the name; dropped so "ул. Ленина" = "Ленина".
const STREET_KINDS = new Set([
  'ул',
  'улица',
  'пр',
  'пр-т',
  'пр-кт',
  'просп',
  'проспект',
  'пер',
  'переулок',
  'пл',
  'площадь',
  'б-р',
  'бульвар',
  'ш',
  'шоссе',
  'наб',
  'набережная',
  'проезд',
  'пр-д',
  'туп',
  'тупик',
  'мкр',
  'микрорайон',
  'кв-л',
  'квартал',
]);

/** "ул. Карла Маркса" -> "карла маркса"; "Ленина проспект" -> "ленина". */
export function normalizeStreet(street: string): string {
  return normalizeName(street)
    .split(' ')
    .filter((word) => word !== '' && !STREET_KINDS.has(word))
    .join(' ');
}

// Kinds of settlements: "г. Абакан" = "Абакан", "пгт Усть-Абакан" = "Усть-Абакан".
const SETTLEMENT_KINDS = new Set([
  'г',
  'город',
  'с',
  'село',
  'п',
  'пос',
  'поселок',
  'рп',
  'пгт',
  'д',
  'деревня',
  'аал',
]);

/** "г. Абакан" -> "абакан". */
export function normalizeSettlement(settlement: string): string {
  return normalizeName(settlement)
    .split(' ')
    .filter((word) => word !== '' && !SETTLEMENT_KINDS.has(word))
    .join(' ');
}

/** Lower case, "ё" as "е", punctuation as spaces (keeping "-" inside words), single spaces. */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[.,;:"«»()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
