import { DateTime } from 'luxon';
import type { Appeal } from '../../../../core/appeals/index.ts';
import { ANSWER_DEADLINE_KIND } from '../../../../core/appeals/index.ts';
import { READING_REJECTION_CODES, type ReadingRejectionCode } from '../../../../core/billing/index.ts';
import { type DeadlineRule, deadlineRule, resolveDeadlineGroup } from '../../../../core/calendar/index.ts';
import {
  APPEAL_KINDS,
  type AppealKind,
  CHANNEL_IDS,
  CHANNEL_LABEL_RU,
  type ChannelId,
  NO_ACTION_REASONS,
  TARIFF_ZONE_LABEL_RU,
  TARIFF_ZONES,
  TOPIC_IDS,
  TOPICS,
} from '../../../../core/vocabulary/index.ts';
import { dueStatus, STATE_LABEL_RU } from './appeal-status.ts';
import type { DeliveryView } from './delivery-view.ts';

export const KIND_LABEL_RU: Readonly<Record<AppealKind, string>> = {
  simple: 'Простое (ответ в ходе разговора)',
  complex: 'Сложное (ответ обратным звонком)',
  with_departments: 'Нужны другие подразделения',
  external: 'Нужна внешняя организация',
};

export const NO_ACTION_LABEL_RU = {
  abusive: 'Нецензурные выражения или угрозы',
  unreadable: 'Текст не поддаётся прочтению',
  no_contact: 'Нет контактных данных для ответа',
  repeated: 'Повторный вопрос, ответ уже дан',
} as const;

/** Why a reading was not taken, in a word for the operator (the client's wording is billing's). */
export const READING_REJECTION_LABEL_RU: Readonly<Record<ReadingRejectionCode, string>> = {
  unknown_zone: 'нет такой зоны у счётчика',
  not_numeric: 'не число',
  too_many_decimals: 'лишние знаки после запятой',
  too_many_digits: 'больше разрядов, чем на табло',
  before_previous_date: 'раньше предыдущего показания',
  below_previous: 'меньше предыдущего показания',
  absurd_jump: 'неправдоподобный расход',
};

/** The lists the appeal form and the card use, with Russian labels, from the one vocabulary. */
export function appealOptions() {
  return {
    topics: TOPIC_IDS.map((id) => ({ id, label: TOPICS[id].labelRu })),
    channels: CHANNEL_IDS.map((id) => ({ id, label: CHANNEL_LABEL_RU[id] })),
    kinds: APPEAL_KINDS.map((id) => ({ id, label: KIND_LABEL_RU[id] })),
    noActionReasons: NO_ACTION_REASONS.map((id) => ({ id, label: NO_ACTION_LABEL_RU[id] })),
    zones: TARIFF_ZONES.map((id) => ({ id, label: TARIFF_ZONE_LABEL_RU[id] })),
    readingRejections: READING_REJECTION_CODES.map((id) => ({ id, label: READING_REJECTION_LABEL_RU[id] })),
  };
}

/** "1 рабочий день", "3 рабочих дня", "30 календарных дней". */
export function describeRule(rule: DeadlineRule): string {
  const working = rule.unit === 'working_days';
  const n = rule.count;
  const one = n % 10 === 1 && n % 100 !== 11;
  const few = n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14);
  const adjective = working ? (one ? 'рабочий' : 'рабочих') : one ? 'календарный' : 'календарных';
  const noun = one ? 'день' : few ? 'дня' : 'дней';
  return `${n} ${adjective} ${noun}`;
}

export function answerRuleOf(channel: ChannelId, kind: AppealKind): DeadlineRule {
  return deadlineRule(resolveDeadlineGroup(channel), ANSWER_DEADLINE_KIND[kind]);
}

/**
 * "пн, 30.11.2026 23:59" in the ЕКЦ's zone: a deadline day is local to the retailer, whatever
 * zone the operator's browser is set to.
 */
export function localText(instant: Date | null, timeZone: string): string | null {
  if (!instant) return null;
  return DateTime.fromJSDate(instant, { zone: timeZone }).setLocale('ru').toFormat('ccc, dd.MM.yyyy HH:mm');
}

/** An appeal as the desktop shows it: labels, the next obligation and how close it is. */
export function appealView(appeal: Appeal, now: Date, timeZone: string, deliveries: DeliveryView[] = []) {
  const replyChannel = appeal.replyChannel ?? appeal.channel;
  return {
    ...appeal,
    registeredText: localText(appeal.registeredAt, timeZone),
    deadlineText: localText(appeal.deadlineAt, timeZone),
    dueText: localText(appeal.dueAt, timeZone),
    interimDueText: localText(appeal.interimDueAt, timeZone),
    stateLabel: STATE_LABEL_RU[appeal.state],
    channelLabel: CHANNEL_LABEL_RU[appeal.channel],
    kindLabel: KIND_LABEL_RU[appeal.kind],
    topicLabels: appeal.topics.map((topic) => TOPICS[topic].labelRu),
    replyChannel,
    replyChannelLabel: CHANNEL_LABEL_RU[replyChannel],
    dueStatus: dueStatus(appeal, now),
    // R-APL-5 and R-APL-2/4: each message the appeal owes the client, with how its sending went.
    deliveries,
  };
}
