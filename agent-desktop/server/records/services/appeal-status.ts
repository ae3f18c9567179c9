import {
  AppealNotFoundError,
  AppealRuleError,
  AppealStateError,
  AppealValidationError,
  OPEN_APPEAL_STATES,
} from '../../../../core/appeals/index.ts';
import type { AppealState } from '../../../../core/vocabulary/index.ts';

export type DueStatus = 'overdue' | 'near_due' | 'on_time' | 'done';

/** R-APL-3 "overdue and near-due are visible": judged against the appeal's next obligation. */
export function dueStatus(
  appeal: { state: AppealState; dueAt: Date },
  now: Date,
  nearDueWindowMs = 24 * 3600_000,
): DueStatus {
  if (!OPEN_APPEAL_STATES.includes(appeal.state)) return 'done';
  const left = appeal.dueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= nearDueWindowMs ? 'near_due' : 'on_time';
}

export const STATE_LABEL_RU: Readonly<Record<AppealState, string>> = {
  registered: 'зарегистрировано',
  in_progress: 'взято в работу',
  interim_answered: 'дан промежуточный ответ',
  answered: 'дан ответ',
  no_action: 'оставлено без ответа',
  closed: 'закрыто',
};

/**
 * The appeal service speaks English to developers; the operator gets the same verdict in
 * Russian, with the HTTP status that fits it. Unknown errors are not translated (they are 500s).
 */
export function appealErrorResponse(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof AppealNotFoundError) return { status: 404, message: 'Обращение не найдено' };
  if (error instanceof AppealStateError) {
    return {
      status: 409,
      message: 'В текущем состоянии обращения это действие недоступно. Обновите страницу',
    };
  }
  if (error instanceof AppealRuleError) return { status: 422, message: ruleMessage(error.message) };
  if (error instanceof AppealValidationError) {
    return { status: 400, message: 'Связанная запись (клиент, счёт или разговор) не найдена' };
  }
  return undefined;
}

function ruleMessage(message: string): string {
  if (message.includes('in the future')) return 'Дата полного ответа должна быть позже сегодняшней';
  if (message.startsWith('R-APL-4')) {
    return 'Дата полного ответа выходит за предельный срок стандарта (не более 30 дней с регистрации)';
  }
  if (message.startsWith('R-APL-5')) return 'Ответ направляется только по каналу, который выбрал клиент';
  if (message.includes("another client's")) return 'Предыдущее обращение принадлежит другому клиенту';
  if (message.includes('has no answer'))
    return 'На предыдущее обращение ещё не дан ответ — сослаться на него нельзя';
  if (message.startsWith('R-APL-7')) return 'Для повторного обращения укажите предыдущее обращение с ответом';
  return 'Действие нарушает правила стандарта обслуживания';
}

/** Events that are not a change of state (data.action): what the history line says instead. */
const ACTION_LABEL_RU: Readonly<Record<string, string>> = {
  answer_sent: 'сообщение отправлено клиенту',
  answer_failed: 'сообщение клиенту не доставлено',
  reassigned: 'передано другому исполнителю',
};

export function historyLabel(event: { state: AppealState; data: Record<string, unknown> }): string {
  const action = typeof event.data.action === 'string' ? ACTION_LABEL_RU[event.data.action] : undefined;
  return action ?? STATE_LABEL_RU[event.state];
}
