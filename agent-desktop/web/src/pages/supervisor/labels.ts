import { agentStateToneOf, topicsLabelRu } from '../../../../../core/vocabulary/index.ts';

/** How supervision screens name states, channels, topics and shares. */

export {
  agentStateLabelRu as agentStateLabel,
  channelLabelRu as channelName,
} from '../../../../../core/vocabulary/index.ts';

export const agentStateTone = (state: string): 'ok' | 'warn' | 'info' => agentStateToneOf(state);

export const topicNames = (topics: string[]): string => topicsLabelRu(topics, 'Без темы');

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
