import { DateTime } from 'luxon';
import { dateToWords } from '../nlu/speak/dates.ts';
import { moneyToWords } from '../nlu/speak/money.ts';
import { TARIFF_ZONE_LABEL_RU } from '../vocabulary/states.ts';
import type { BalanceFacts, Mode, OutageFacts, ReadingSubmission } from './facts.ts';

const ZONE = 'Asia/Krasnoyarsk';

/** "2 341,50 ₽" — figures for text, with a no-break space between thousands and before ₽. */
export function formatRubles(kopecks: number): string {
  const rubles = Math.floor(kopecks / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${rubles},${String(kopecks % 100).padStart(2, '0')}\u00a0₽`;
}

function money(kopecks: number, mode: Mode): string {
  return mode === 'voice' ? moneyToWords(kopecks) : formatRubles(kopecks);
}

function day(date: DateTime, mode: Mode): string {
  return mode === 'voice' ? dateToWords(date.day, date.month, 'gen') : date.toFormat('dd.MM.yyyy');
}

/** The balance read-out (R-IVR-3, R-BOT-2): debt, overdue part, due date, last payment. */
export function renderBalance(facts: BalanceFacts, mode: Mode, timeZone = ZONE): string {
  const sentences: string[] = [];
  if (facts.dueKopecks > 0) {
    let sentence = `Задолженность по Вашему лицевому счёту составляет ${money(facts.dueKopecks, mode)}`;
    if (facts.overdueKopecks > 0) sentence += `, из них просрочено ${money(facts.overdueKopecks, mode)}`;
    sentences.push(`${sentence}.`);
    if (facts.nextDueDate) {
      const due = DateTime.fromISO(facts.nextDueDate, { zone: timeZone });
      sentences.push(`Очередной срок оплаты — до ${day(due, mode)}.`);
    }
  } else if (facts.advanceKopecks > 0) {
    sentences.push(
      `Задолженности нет. Переплата по Вашему лицевому счёту составляет ${money(facts.advanceKopecks, mode)}.`,
    );
  } else {
    sentences.push('Задолженности по Вашему лицевому счёту нет.');
  }
  if (facts.lastPayment) {
    const paid = DateTime.fromJSDate(facts.lastPayment.paidAt, { zone: timeZone });
    sentences.push(
      `Последний платёж: ${money(facts.lastPayment.amountKopecks, mode)} от ${day(paid, mode)}.`,
    );
  }
  return sentences.join(' ');
}

/** What happened to each zone's reading; a rejection carries billing's own explanation. */
export function renderReadingResults(submission: ReadingSubmission, mode: Mode): string {
  const single = submission.results.length === 1;
  const lines = submission.results.map((result) => {
    const zone = single ? '' : ` (${TARIFF_ZONE_LABEL_RU[result.zone].toLowerCase()})`;
    const value = mode === 'voice' ? result.value.replace('.', ' и ') : result.value;
    if (result.accepted) return `Показание${zone} ${value} принято.`;
    return `Показание${zone} не принято. ${result.explanationRu ?? ''}`.trim();
  });
  if (submission.allAccepted) lines.push('Спасибо, показания переданы.');
  return lines.join(' ');
}

/** Known outages at the client's address and the grid company to call (topic `outage`). */
export function renderOutages(outages: OutageFacts[], mode: Mode, timeZone = ZONE): string {
  if (outages.length === 0) {
    return 'По Вашему адресу плановых и аварийных отключений не зарегистрировано. Если электроэнергии нет, пожалуйста, сообщите в сетевую организацию.';
  }
  return outages
    .map((outage) => {
      const starts = DateTime.fromJSDate(outage.startsAt, { zone: timeZone });
      const ends = outage.endsAt ? DateTime.fromJSDate(outage.endsAt, { zone: timeZone }) : undefined;
      const time = (at: DateTime) =>
        mode === 'voice' ? `${at.hour} ${at.toFormat('mm')}` : at.toFormat('HH:mm');
      const kind = outage.kind === 'planned' ? 'плановое отключение' : 'аварийное отключение';
      const when = outage.current
        ? `Сейчас по Вашему адресу ${kind}`
        : `По Вашему адресу ${day(starts, mode)} с ${time(starts)} ${outage.kind === 'planned' ? 'запланировано отключение электроэнергии' : 'ожидается аварийное отключение'}`;
      const until = ends
        ? `, ориентировочно до ${ends.hasSame(starts, 'day') ? '' : `${day(ends, mode)} `}${time(ends)}`
        : '';
      return `${when}${until}. Причина: ${outage.reason}. Работы ведёт ${outage.gridCompany}, телефон ${outage.gridPhone}.`;
    })
    .join(' ');
}
