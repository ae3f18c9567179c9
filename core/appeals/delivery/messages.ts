import { DateTime } from 'luxon';
import type { Appeal } from '../db.ts';
import type { DeliveryPurpose } from './model.ts';

/** The client's message for one stage, in Russian with «Вы»; fixed when the stage is recorded. */
export function composeMessage(
  purpose: DeliveryPurpose,
  appeal: Appeal,
  timeZone: string,
): { title: string; body: string } {
  const day = (instant: Date | null) =>
    instant ? DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('dd.MM.yyyy') : '';
  const number = appeal.regNumber;
  switch (purpose) {
    case 'registration':
      return {
        title: `Обращение № ${number} зарегистрировано`,
        body:
          `Ваше обращение зарегистрировано под номером ${number}. ` +
          `Ответ будет дан не позднее ${day(appeal.deadlineAt)}.`,
      };
    case 'interim':
      return {
        title: `Обращение № ${number}: промежуточный ответ`,
        body:
          `Промежуточный ответ на Ваше обращение № ${number}.\n${appeal.interimAnswer ?? ''}\n` +
          `Полный ответ будет дан не позднее ${day(appeal.fullAnswerDueAt)}.`,
      };
    case 'answer':
      return {
        title: `Ответ на обращение № ${number}`,
        body: `Ответ на Ваше обращение № ${number}.\n${appeal.answer ?? ''}`,
      };
  }
}

/** The short SMS for an answer too long for SMS: where to read it in full (see dialer/appeal-senders.ts). */
export function longAnswerSmsNotice(regNumber: string): string {
  return `Ответ на обращение ${regNumber} — в личном кабинете.`;
}
