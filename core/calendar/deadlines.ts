import {
  CHANNEL_DEADLINE_GROUP,
  DEADLINE_GROUPS,
  type DeadlineGroup,
  isChannelId,
} from '../vocabulary/index.ts';
import { DEADLINE_KINDS, DEADLINE_RULES, type DeadlineKind, type DeadlineRule } from './deadline-rules.ts';
import { CalendarError, DeadlineRuleMissingError } from './errors.ts';
import { endOfLocalDay, localDateOf, plusDays } from './local-date.ts';
import { type ProductionCalendar, productionCalendar } from './production-calendar.ts';

/** Accepts a channel id (`email`) or a deadline group (`interactive`). */
export function resolveDeadlineGroup(channelOrGroup: string): DeadlineGroup {
  if (isChannelId(channelOrGroup)) return CHANNEL_DEADLINE_GROUP[channelOrGroup];
  if ((DEADLINE_GROUPS as readonly string[]).includes(channelOrGroup)) return channelOrGroup as DeadlineGroup;
  throw new CalendarError(
    `unknown channel or deadline group "${channelOrGroup}" (groups: ${DEADLINE_GROUPS.join(', ')})`,
  );
}

export function isDeadlineKind(value: string): value is DeadlineKind {
  return (DEADLINE_KINDS as readonly string[]).includes(value);
}

export function deadlineRule(group: DeadlineGroup, kind: DeadlineKind): DeadlineRule {
  const rule = DEADLINE_RULES[group][kind];
  if (!rule) {
    const known = Object.keys(DEADLINE_RULES[group]).join(', ');
    throw new DeadlineRuleMissingError(
      `the standard sets no "${kind}" deadline for ${group} (it has: ${known})`,
    );
  }
  return rule;
}

export interface DeadlineQuestion {
  /** Channel id or deadline group. */
  channel: string;
  kind: DeadlineKind;
  registeredAt: Date;
  /** The retailer's zone: deadline days and 23:59:59 are local to it. */
  timeZone: string;
  calendar?: ProductionCalendar;
}

/**
 * R-APL-3: a deadline of N working days ends at 23:59:59 local time of the N-th working day
 * after the registration day; N calendar days likewise end on the N-th calendar day after it
 * (not moved off a holiday: the standard says "не более 30 дней").
 */
export function appealDeadline(question: DeadlineQuestion): Date {
  const rule = deadlineRule(resolveDeadlineGroup(question.channel), question.kind);
  const registrationDay = localDateOf(question.registeredAt, question.timeZone);
  const calendar = question.calendar ?? productionCalendar();
  const lastDay =
    rule.unit === 'working_days'
      ? calendar.addWorkingDays(registrationDay, rule.count)
      : plusDays(registrationDay, rule.count);
  return endOfLocalDay(lastDay, question.timeZone);
}
