import {
  AGENT_STATE_LABEL_RU,
  type AgentState,
  CHANNEL_LABEL_RU,
  type ChannelId,
  NOT_READY_REASON_LABEL_RU,
  type NotReadyReason,
  TOPICS,
  type TopicId,
} from '../../../../../core/vocabulary/index.ts';

/** How supervision screens name states, channels, topics and shares. */

export function agentStateLabel(state: string, reason: string): string {
  const label = AGENT_STATE_LABEL_RU[state as AgentState] ?? state;
  const why = reason ? NOT_READY_REASON_LABEL_RU[reason as NotReadyReason] : undefined;
  return why ? `${label}: ${why.toLowerCase()}` : label;
}

export function agentStateTone(state: string): 'ok' | 'warn' | 'bad' | 'info' {
  if (state === 'ready') return 'ok';
  if (state === 'not_ready') return 'warn';
  return 'info';
}

export function channelName(channel: string): string {
  return CHANNEL_LABEL_RU[channel as ChannelId] ?? channel;
}

export function topicNames(topics: string[]): string {
  if (topics.length === 0) return 'Без темы';
  return topics.map((topic) => TOPICS[topic as TopicId]?.labelRu ?? topic).join(', ');
}

/** 0.8125 → "81,3 %"; nothing measured → "—". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  return `${(share * 100).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} %`;
}

export function formatSeconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return `${Math.round(ms / 1000)} с`;
}

/** Local calendar day as the API takes it (YYYY-MM-DD). */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
