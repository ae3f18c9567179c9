import { DateTime } from 'luxon';
import { TARIFF_ZONE_LABEL_RU, type TariffZone } from '../../vocabulary/index.ts';
import type { ReadingRejectionCode } from './reading-rules.ts';
import { formatForClient, type Hundredths } from './reading-value.ts';

/**
 * What the client hears or reads when a reading is not taken into account (standard, appendix
 * item 2.3: the reason is explained at once). Polite, «Вы», with the figures that explain it and
 * what to do next; ready to be said by the IVR or sent by the bot as is.
 */
export interface RejectionFacts {
  code: ReadingRejectionCode;
  zone: TariffZone;
  meterZones: readonly TariffZone[];
  digits: number;
  monthlyCeilingKwh: number;
  value: Hundredths | null;
  previous: { value: Hundredths; takenAt: Date } | null;
  consumption?: Hundredths;
  months?: number;
  timeZone: string;
}

const CHECK_AND_RETRY = 'Пожалуйста, проверьте цифры на табло счётчика и передайте показание ещё раз.';
const OPERATOR_IF_SURE = 'Если Вы уверены в показании, обратитесь к оператору — мы проверим его.';

export function explainRejection(facts: RejectionFacts): string {
  const zone = `«${TARIFF_ZONE_LABEL_RU[facts.zone]}»`;
  switch (facts.code) {
    case 'unknown_zone': {
      const zones = facts.meterZones.map((z) => `«${TARIFF_ZONE_LABEL_RU[z]}»`).join(', ');
      return `Ваш счётчик не учитывает зону ${zone}: у него ${facts.meterZones.length === 1 ? 'зона' : 'зоны'} ${zones}. Пожалуйста, передайте показания по зонам Вашего счётчика.`;
    }
    case 'not_numeric':
      return 'Показание должно быть числом — цифрами с табло счётчика, например 12345 или 12345,6. Пожалуйста, передайте показание ещё раз.';
    case 'too_many_decimals':
      return 'В показании указывается не больше двух цифр после запятой, например 12345,6. Пожалуйста, передайте показание ещё раз.';
    case 'too_many_digits':
      return `На табло Вашего счётчика ${facts.digits} ${digitsWord(facts.digits)} до запятой, а в переданном показании их больше, поэтому оно не может быть принято. ${CHECK_AND_RETRY}`;
    case 'before_previous_date':
      return `Показание снято раньше предыдущего принятого (${previousText(facts)}), поэтому не может быть принято в расчёт. Пожалуйста, передайте текущее показание счётчика.`;
    case 'below_previous':
      return `Показание по зоне ${zone} (${valueText(facts.value)}) меньше предыдущего принятого (${previousText(facts)}), поэтому не может быть принято в расчёт. ${CHECK_AND_RETRY} Если счётчик меняли, обратитесь к оператору.`;
    case 'absurd_jump':
      return `По переданному показанию расход по зоне ${zone} — ${valueText(facts.consumption ?? null)} кВт·ч с ${previousDate(facts)}. Это больше допустимого для Вашего счётчика (${formatForClient(facts.monthlyCeilingKwh * 100)} кВт·ч в месяц), поэтому показание не принято в расчёт. ${CHECK_AND_RETRY} ${OPERATOR_IF_SURE}`;
  }
}

function valueText(value: Hundredths | null): string {
  return value === null ? '—' : formatForClient(value);
}

function previousDate(facts: RejectionFacts): string {
  if (!facts.previous) return 'предыдущего показания';
  return DateTime.fromJSDate(facts.previous.takenAt, { zone: facts.timeZone }).toFormat('dd.MM.yyyy');
}

function previousText(facts: RejectionFacts): string {
  if (!facts.previous) return 'нет';
  return `${formatForClient(facts.previous.value)} от ${previousDate(facts)}`;
}

/** "6 цифр", "4 цифры" (displays have 4 to 9 digits; the rule covers any number). */
export function digitsWord(count: number): string {
  const lastTwo = count % 100;
  const last = count % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return 'цифр';
  if (last === 1) return 'цифра';
  if (last >= 2 && last <= 4) return 'цифры';
  return 'цифр';
}
