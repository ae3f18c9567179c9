import {
  type AgentState,
  agentStateLabelRu,
  agentStateToneOf,
  channelLabelRu,
  type NotReadyReason,
  topicsLabelRu,
} from '../../../../../../core/vocabulary/index.ts';

export function stateLabel(state: AgentState, reason: NotReadyReason | null): string {
  return agentStateLabelRu(state, reason);
}

export function stateTone(state: AgentState): 'ok' | 'warn' | 'info' {
  return agentStateToneOf(state, { offlineWarns: true });
}

export const topicsLabel = (topics: string[]): string => topicsLabelRu(topics);
export const channelLabel = channelLabelRu;

/** Reasons an operator chooses (a missed offer is set by the ACD only). */
export const CHOSEN_REASONS: NotReadyReason[] = ['break', 'lunch', 'training', 'meeting', 'technical'];

export const MISSED_OFFER_NOTICE =
  'Вызов не был принят за 15 секунд и передан другому оператору. Ваш статус изменён на «Не готов». ' +
  'Чтобы снова получать вызовы, нажмите «Готов».';

export const CLIENT_LEFT_NOTICE =
  'Клиент завершил обращение, не дождавшись ответа. Вы по-прежнему готовы принимать вызовы.';
