export interface DateEntity {
  day: number;
  month?: number;
  year?: number;
}

const MONTHS = [
  'январ',
  'феврал',
  'март',
  'апрел',
  'ма',
  'июн',
  'июл',
  'август',
  'сентябр',
  'октябр',
  'ноябр',
  'декабр',
];
const MONTH_WORD = /^(январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function valid(day: number, month?: number): boolean {
  if (month === undefined) return day >= 1 && day <= 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;
}

/** Dates: "24.03", "01.04.2025", "27 ноября", "25-го", "20 числа" (spoken ordinals arrive as digits). */
export function extractDates(prepared: string): { dates: DateEntity[]; raw: string[] } {
  const dates: DateEntity[] = [];
  const raw: string[] = [];
  for (const m of prepared.matchAll(
    /(?<![\d.,])(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?(?![\d,]|\.\d)/g,
  )) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (!valid(day, month)) continue;
    const date: DateEntity = { day, month };
    if (m[3]) date.year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    dates.push(date);
    raw.push(m[0]);
  }
  for (const m of prepared.matchAll(/(?<![\d.,])(\d{1,2})(?:-?(?:го|е|ое|ого))?\s+([а-я]+)/g)) {
    const day = Number(m[1]);
    const word = m[2]!;
    const monthMatch = MONTH_WORD.exec(word);
    if (monthMatch && valid(day)) {
      const stem = /^ма[йяе]/.test(monthMatch[1]!) ? 'ма' : monthMatch[1]!;
      dates.push({ day, month: MONTHS.indexOf(stem) + 1 });
      raw.push(m[1]!);
    } else if (/^числ/.test(word) && valid(day)) {
      dates.push({ day });
      raw.push(m[1]!);
    }
  }
  for (const m of prepared.matchAll(/(?<![\d.,])(\d{1,2})-(?:го|е)(?![а-я])/g)) {
    const day = Number(m[1]);
    if (valid(day) && !raw.includes(m[1]!)) {
      dates.push({ day });
      raw.push(m[1]!);
    }
  }
  return { dates, raw };
}
