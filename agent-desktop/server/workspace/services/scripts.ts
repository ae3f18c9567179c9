import { DateTime } from 'luxon';

/**
 * The operator's speech scripts, worded as the customer-service standard words them (section 2.3
 * "Принципы делового этикета", section 4.3 "Требования к операторам заочного обслуживания").
 * Shown beside the client card; a chat operator can copy a phrase into the reply.
 */
export interface ScriptPhrase {
  id: string;
  title: string;
  text: string;
  /** Where the standard asks for it (shown to the operator, so the wording is not argued over). */
  source: string;
}

export type ScriptMedia = 'voice' | 'chat';

/**
 * "Здравствуйте! / Добрый день! / Добрый вечер!" by the ЕКЦ's local time: «Добрый день!» from
 * 12:00, «Добрый вечер!» from 18:00 to midnight, the neutral «Здравствуйте!» otherwise (the
 * standard has no "good morning" and no "good night").
 */
export function greetingWord(nowMs: number, timeZone: string): string {
  const hour = DateTime.fromMillis(nowMs, { zone: timeZone }).hour;
  if (hour >= 12 && hour < 18) return 'Добрый день!';
  if (hour >= 18) return 'Добрый вечер!';
  return 'Здравствуйте!';
}

/** The name an operator introduces themselves by: «Иванова Мария Петровна» → «Мария». */
export function firstName(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  return words.length >= 2 ? words[1]! : (words[0] ?? '');
}

export function scriptPhrases(options: {
  nowMs: number;
  timeZone: string;
  operatorFullName: string;
  media: ScriptMedia;
}): ScriptPhrase[] {
  const name = firstName(options.operatorFullName);
  const thanks = options.media === 'voice' ? 'Благодарю Вас за звонок!' : 'Благодарю Вас за обращение!';
  return [
    {
      id: 'greeting',
      title: 'Приветствие',
      text: `${greetingWord(options.nowMs, options.timeZone)} Меня зовут ${name}. Как могу к Вам обращаться?`,
      source: 'Стандарт, п. 2.3: представиться по форме корпоративного приветствия',
    },
    {
      id: 'identification',
      title: 'Идентификация',
      text:
        'Для ответа по лицевому счёту, пожалуйста, назовите номер лицевого счёта и (или) адрес, ' +
        'а также фамилию, имя и отчество собственника (нанимателя), на чьё имя открыт лицевой счёт.',
      source: 'Стандарт, п. 4.3: сведения о расчётах — только после идентификации',
    },
    {
      id: 'hold',
      title: 'Ожидание на линии',
      text:
        'Для уточнения информации мне потребуется около двух минут. Пожалуйста, оставайтесь на линии. ' +
        'Если Вам удобнее, я перезвоню Вам, как только получу ответ.',
      source: 'Стандарт, п. 2.3: предупредить о времени ожидания или предложить обратный звонок',
    },
    {
      id: 'callback',
      title: 'Сложный вопрос',
      text:
        'Ваш вопрос требует дополнительной проверки. Я зарегистрирую обращение и перезвоню Вам ' +
        'в течение рабочего дня. Подскажите, пожалуйста, удобный номер телефона для связи.',
      source: 'Стандарт, п. 4.3: записать контакты и перезвонить в течение рабочего дня',
    },
    {
      id: 'external',
      title: 'Запрос в стороннюю организацию',
      text:
        'Для ответа нам потребуется запрос в стороннюю организацию. Мы направим Вам промежуточный ответ ' +
        'и дадим полный ответ в срок не более 30 дней.',
      source: 'Стандарт, п. 2.3: срок ответа не более 30 дней, с промежуточным ответом',
    },
    {
      id: 'apology',
      title: 'Извинение',
      text: 'Приносим Вам извинения за причинённые неудобства.',
      source: 'Стандарт, п. 2.3: при ошибке Общества принести извинения',
    },
    {
      id: 'abuse',
      title: 'Оскорбления',
      text: 'Прошу Вас воздержаться от оскорблений. В противном случае я буду вынужден(а) завершить разговор.',
      source: 'Стандарт, п. 4.3: предупредить клиента, прежде чем прервать разговор',
    },
    {
      id: 'rating',
      title: 'Оценка качества',
      text: 'После завершения разговора Вам будет предложено оценить качество консультации. Будем благодарны за Вашу оценку.',
      source: 'Стандарт: по завершении разговора клиенту предлагается оценить консультацию',
    },
    {
      id: 'closing',
      title: 'Завершение',
      text: `${thanks} Рады, что Вы к нам обратились. До свидания. Всего доброго. Хорошего дня.`,
      source: 'Стандарт, п. 2.3: поблагодарить клиента в конце разговора',
    },
  ];
}
