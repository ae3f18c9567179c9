import { DateTime } from 'luxon';
import type { EkcSchedule } from '../../core/calendar/index.ts';
import { phrases } from '../../core/selfservice/index.ts';
import { isTopicId, TOPICS, type TopicId } from '../../core/vocabulary/index.ts';
import type { Button } from './types.ts';

/**
 * What only the written channels say (the shared phrases of the standard live in
 * core/selfservice/phrases.ts). Polite, «Вы», Russian.
 */
export const chatTexts = {
  askQuestion: 'Пожалуйста, напишите Ваш вопрос — например, «какой у меня долг» или «передать показания».',
  askTopicButtons: 'Уточните, пожалуйста, Ваш вопрос — выберите тему:',
  askAccount: 'Пожалуйста, напишите номер Вашего лицевого счёта (10 цифр).',
  askSecondFactor:
    'Для подтверждения напишите, пожалуйста, фамилию владельца лицевого счёта или номер квартиры (дома).',
  askReadings: (zones: string) =>
    `Пожалуйста, напишите показания счётчика${zones}. Например: «день 12345 ночь 6789».`,
  askOutagePlace:
    'Пожалуйста, напишите населённый пункт и улицу (например, «г. Абакан, ул. Ленина») или номер лицевого счёта.',
  noReadingsFound:
    'Не удалось распознать показания. Напишите их, пожалуйста, так: «день 12345 ночь 6789» или «12345».',
  serviceProblem:
    'К сожалению, сейчас не удалось получить сведения. Пожалуйста, повторите запрос чуть позже или напишите «оператор».',
  alsoAsked: (topic: TopicId) => `Вы также спрашивали: «${TOPICS[topic].labelRu}». Ответить на этот вопрос?`,
  handoffQueued: (waitMinutes: number | null) =>
    waitMinutes === null
      ? 'Передаю Ваш вопрос оператору. Оператор ответит Вам в этом чате в течение 15 минут.'
      : waitMinutes <= 1
        ? 'Передаю Ваш вопрос оператору. Ожидаемое время ответа — около минуты.'
        : `Передаю Ваш вопрос оператору. Ожидаемое время ответа — около ${waitMinutes} мин.`,
  operatorJoined: 'Оператор подключился к диалогу.',
  operatorEnded: 'Оператор завершил диалог.',
  askCsat: 'Пожалуйста, оцените качество обслуживания от 1 до 5 (5 — отлично).',
  csatThanks: 'Спасибо за оценку!',
  appealRegistered: (regNumber: string, dueAt: string) =>
    `Ваше обращение зарегистрировано, регистрационный номер ${regNumber}. Ответ будет направлен в этот чат не позднее ${dueAt}.`,
  muted: (until: string) =>
    `К сожалению, из-за оскорбительных сообщений обслуживание в этом чате приостановлено до ${until}. Обращение с нецензурными выражениями или угрозами остаётся без рассмотрения.`,
  attachmentSaved: 'Спасибо, файл получен и будет приложен к Вашему обращению.',
  identifyTooManyFailures: 'Не удалось подтвердить лицевой счёт.',
  closedForSilence:
    'Вы давно не писали, поэтому диалог завершён. Благодарим Вас за обращение! Если у Вас появятся вопросы, просто напишите нам.',
  slowDown:
    'Вы отправляете сообщения слишком часто. Пожалуйста, подождите немного — мы ответим на каждое Ваше сообщение.',
} as const;

const DAY_NAMES_RU = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'] as const;

/** "пн–пт 08:00–20:00, сб 09:00–18:00": the configured weekly hours, equal neighbours grouped. */
export function describeWeeklyHours(schedule: EkcSchedule): string {
  const days = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => schedule.weekly[d]);
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    const hours = days[i];
    let j = i;
    while (j + 1 < days.length && JSON.stringify(days[j + 1]) === JSON.stringify(hours)) j++;
    if (hours) {
      const span = i === j ? DAY_NAMES_RU[i] : `${DAY_NAMES_RU[i]}–${DAY_NAMES_RU[j]}`;
      parts.push(`${span} ${hours.open}–${hours.close}`);
    }
    i = j + 1;
  }
  return parts.join(', ');
}

export function afterHours(schedule: EkcSchedule, nextOpening: Date, timeZone: string): string {
  const at = DateTime.fromJSDate(nextOpening, { zone: timeZone }).setLocale('ru');
  return `Сейчас операторы ЕКЦ не работают. Часы работы операторов: ${describeWeeklyHours(schedule)} (время местное), ближайшее — ${at.toFormat('d MMMM с HH:mm')}.`;
}

export function localMoment(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('dd.MM.yyyy HH:mm');
}

export const choice = {
  topic: (topic: TopicId) => `t:${topic}`,
  operator: 'op',
  yes: 'yes',
  no: 'no',
  csat: (score: number) => `csat:${score}`,
} as const;

/**
 * A pressed button as the transcript shows it to the operator: what the client saw, not the
 * button's data ("op", "t:balance"), which meant nothing in the Russian chat screen.
 */
export function pressedButtonText(data: string): string {
  const labels: Record<string, string> = {
    start: '(открыл чат)',
    [choice.operator]: '«Связаться с оператором»',
    [choice.yes]: '«Да»',
    [choice.no]: '«Нет, спасибо»',
  };
  if (labels[data]) return labels[data];
  const topic = data.startsWith('t:') ? data.slice(2) : '';
  if (isTopicId(topic)) return `«${TOPICS[topic].labelRu}»`;
  if (data.startsWith('csat:')) return `Оценка ${data.slice(5)}`;
  return `[${data}]`;
}

export function topicButtons(topics: readonly TopicId[]): Button[][] {
  return [
    ...topics
      .filter((topic) => topic !== 'operator')
      .map((topic) => [{ label: TOPICS[topic].labelRu, data: choice.topic(topic) }]),
    [{ label: 'Связаться с оператором', data: choice.operator }],
  ];
}

export const anythingElseButtons: Button[][] = [
  [
    { label: 'Да', data: choice.yes },
    { label: 'Нет, спасибо', data: choice.no },
  ],
  [{ label: 'Связаться с оператором', data: choice.operator }],
];

export const csatButtons: Button[][] = [
  [1, 2, 3, 4, 5].map((score) => ({ label: String(score), data: choice.csat(score) })),
];

export { phrases };
