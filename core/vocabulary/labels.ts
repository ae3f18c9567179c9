import { CHANNEL_LABEL_RU, type ChannelId } from './channels.ts';
import {
  AGENT_STATE_LABEL_RU,
  type AgentState,
  NOT_READY_REASON_LABEL_RU,
  type NotReadyReason,
} from './states.ts';
import { TOPICS, type TopicId } from './topics.ts';

/**
 * How every screen names states, channels and topics in Russian. Values arrive from the wire as
 * plain strings, so an unknown one is shown as it is rather than hidden.
 */

/** "Не готов: обед" — the state, with the not-ready reason when there is one. */
export function agentStateLabelRu(state: string, reason?: string | null): string {
  const label = AGENT_STATE_LABEL_RU[state as AgentState] ?? state;
  const why = reason ? NOT_READY_REASON_LABEL_RU[reason as NotReadyReason] : undefined;
  return why ? `${label}: ${why.toLowerCase()}` : label;
}

/** Colour of an agent state badge: ready is good, not ready (and, if asked, offline) is a warning. */
export function agentStateToneOf(
  state: string,
  options: { offlineWarns?: boolean } = {},
): 'ok' | 'warn' | 'info' {
  if (state === 'ready') return 'ok';
  if (state === 'not_ready' || (options.offlineWarns && state === 'offline')) return 'warn';
  return 'info';
}

export function channelLabelRu(channel: string): string {
  return CHANNEL_LABEL_RU[channel as ChannelId] ?? channel;
}

/** Topic names joined with commas; `none` when the topic was not determined. */
export function topicsLabelRu(topics: readonly string[], none = 'Тема не определена'): string {
  if (topics.length === 0) return none;
  return topics.map((topic) => TOPICS[topic as TopicId]?.labelRu ?? topic).join(', ');
}
