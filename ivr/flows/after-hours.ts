import { DateTime } from 'luxon';
import { ekcHoursOn, localDateOf, nextEkcOpening } from '../../core/calendar/index.ts';
import { dateToWords } from '../../core/nlu/index.ts';
import type { Dialog } from './dialog.ts';
import { spokenYesNoKey } from './spoken-answers.ts';

const ZONE = 'Asia/Krasnoyarsk';

function hourWords(time: string): string {
  const [hours, minutes] = time.split(':');
  return minutes === '00' ? `${Number(hours)} часов` : `${Number(hours)} ${minutes}`;
}

/** "Операторы работают сегодня с 8 до 20 часов. Ближайшее время работы — завтра, 28 ноября, с 8 часов." */
export function scheduleText(now: Date, dialog: Dialog): string {
  const zone = dialog.settings.ekc.timeZone ?? ZONE;
  const opening = DateTime.fromJSDate(nextEkcOpening(now, dialog.settings.ekc), { zone });
  const hours = ekcHoursOn(localDateOf(opening.toJSDate(), zone), dialog.settings.ekc);
  const today = DateTime.fromJSDate(now, { zone });
  const day = opening.hasSame(today, 'day')
    ? 'сегодня'
    : opening.hasSame(today.plus({ days: 1 }), 'day')
      ? `завтра, ${dateToWords(opening.day, opening.month, 'nom')}`
      : dateToWords(opening.day, opening.month, 'nom');
  const until = hours ? ` до ${hourWords(hours.close)}` : '';
  return `Сейчас операторы контактного центра не работают. Операторы снова будут на связи ${day}, с ${hourWords(opening.toFormat('HH:mm'))}${until}.`;
}

/**
 * Outside ЕКЦ hours (R-IVR-4): the schedule and a callback appeal, registered with the R-APL-3
 * deadline like any other appeal; the reply goes to the number the call came from.
 */
export async function afterHoursFlow(dialog: Dialog): Promise<'menu' | 'done'> {
  const { session, deps } = dialog;
  session.step('after_hours');
  await dialog.say(scheduleText(deps.clock.now(), dialog), 'schedule');
  const choice = await dialog.ask(['afterHoursCallbackOffer'], {
    numDigits: 1,
    valid: (d) => d === '1' || d === '2',
    spoken: spokenYesNoKey,
    what: 'after_hours_callback',
  });
  if (choice !== '1') return 'menu';
  // While PostgreSQL is down the request is kept and registered as of now once it is back.
  const appealId = await deps.interactions.registerAppeal({
    channel: 'phone',
    kind: 'simple',
    topics: [dialog.topic ?? 'other'],
    description: 'Заявка на обратный звонок, оставленная в голосовом меню вне часов работы ЕКЦ.',
    replyChannel: 'phone',
    replyAddress: session.callerNumber || null,
    interactionId: session.interactionId,
  });
  dialog.outcome = 'appeal_registered';
  session.step('callback_appeal', appealId === undefined ? { pending: true } : { appealId });
  await dialog.say(
    'Спасибо, заявка на обратный звонок зарегистрирована. Оператор перезвонит Вам в рабочее время.',
    'appeal_registered',
  );
  return 'done';
}
