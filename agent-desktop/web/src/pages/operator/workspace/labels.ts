import {
  AGENT_STATE_LABEL_RU,
  type AgentState,
  CHANNEL_LABEL_RU,
  type ChannelId,
  NOT_READY_REASON_LABEL_RU,
  type NotReadyReason,
  TOPICS,
  type TopicId,
} from '../../../../../../core/vocabulary/index.ts';

export function stateLabel(state: AgentState, reason: NotReadyReason | null): string {
  const label = AGENT_STATE_LABEL_RU[state];
  return reason ? `${label}: ${NOT_READY_REASON_LABEL_RU[reason].toLowerCase()}` : label;
}

export function stateTone(state: AgentState): 'ok' | 'warn' | 'bad' | 'info' {
  if (state === 'ready') return 'ok';
  if (state === 'not_ready' || state === 'offline') return 'warn';
  return 'info';
}

export function topicsLabel(topics: string[]): string {
  if (!topics.length) return 'Тема не определена';
  return topics.map((topic) => TOPICS[topic as TopicId]?.labelRu ?? topic).join(', ');
}

export function channelLabel(channel: string): string {
  return CHANNEL_LABEL_RU[channel as ChannelId] ?? channel;
}

/** Reasons an operator chooses (a missed offer is set by the ACD only). */
export const CHOSEN_REASONS: NotReadyReason[] = ['break', 'lunch', 'training', 'meeting', 'technical'];

export const MISSED_OFFER_NOTICE =
  'Вызов не был принят за 15 секунд и передан другому оператору. Ваш статус изменён на «Не готов». ' +
  'Чтобы снова получать вызовы, нажмите «Готов».';

export const CLIENT_LEFT_NOTICE =
  'Клиент завершил обращение, не дождавшись ответа. Вы по-прежнему готовы принимать вызовы.';
