/** The dialer's supervisor API as the campaign screens read it (dialer/http, dialer/README.md). */

import {
  CAMPAIGN_PURPOSE_LABEL_RU,
  type CampaignPurpose,
  type OutboundChannel,
} from '../../../../../../core/vocabulary/index.ts';
import type { CampaignProgress, CampaignState } from '../../../../../../dialer/schemas/campaign-terms.ts';

export type { CampaignState, OutboundChannel };
/** The shared declarations under the names these screens use. */
export type Purpose = CampaignPurpose;
export type Progress = CampaignProgress;

export interface Templates {
  phone?: string;
  sms?: string;
  email?: { subject: string; text: string };
  push?: { title: string; text: string };
  online_account?: { title: string; text: string };
}

export interface AudienceFilter {
  kind: 'filter';
  minOverdueRubles?: number;
  overdueDays?: number;
  clientTypes?: string[];
}

export interface CampaignDefinition {
  name: string;
  purpose: Purpose;
  channels: OutboundChannel[];
  audience: AudienceFilter | { kind: 'csv' };
  templates: Templates;
  startsAt: string;
  endsAt: string;
}

export interface Campaign extends CampaignDefinition {
  id: number;
  state: CampaignState;
  createdBy: string;
  createdAt: string;
  progress: Progress;
}

export interface RenderedMessage {
  channel: OutboundChannel;
  title?: string;
  text: string;
  sms?: { encoding: 'gsm7' | 'ucs2'; characters: number; segments: number };
}

export interface ContactHistory {
  contactId: number;
  accountNumber: string | null;
  state: string;
  finishReason: string | null;
  channel: OutboundChannel;
  attemptsTotal: number;
  nextAttemptAt: string | null;
  finishedAt: string | null;
  attempts: Array<{
    channel: OutboundChannel;
    outcome: string | null;
    startedAt?: string;
    finishedAt?: string;
  }>;
}

export const STATE_LABELS: Record<CampaignState, string> = {
  draft: 'черновик',
  scheduled: 'запланирована',
  running: 'идёт',
  paused: 'на паузе',
  finished: 'завершена',
  stopped: 'остановлена',
};

export const STATE_TONES: Record<CampaignState, 'ok' | 'warn' | 'bad' | 'info'> = {
  draft: 'info',
  scheduled: 'info',
  running: 'ok',
  paused: 'warn',
  finished: 'ok',
  stopped: 'bad',
};

export const CHANNEL_LABELS: Record<OutboundChannel, string> = {
  phone: 'Звонок',
  sms: 'SMS',
  email: 'E-mail',
  push: 'Push',
  online_account: 'Личный кабинет',
};

export const PURPOSE_LABELS: Readonly<Record<Purpose, string>> = CAMPAIGN_PURPOSE_LABEL_RU;

export const CONTACT_STATE_LABELS: Record<string, string> = {
  pending: 'ожидает',
  in_progress: 'в работе',
  positive: 'доставлено',
  negative: 'не удалось',
  goal_met: 'цель достигнута',
  opted_out: 'отказ от рассылки',
  unreachable: 'нет контакта',
  stopped: 'остановлено',
};

/** The SMS limit of the standard: 160 characters in the gateway's units (see dialer/README). */
export const SMS_LIMIT = 160;

const REASON_LABELS: Record<string, string> = {
  positive: 'доставлено',
  attempts_exhausted: 'попытки исчерпаны',
  single_attempt: 'не доставлено',
  campaign_ended: 'кампания закончилась',
  campaign_stopped: 'кампания остановлена',
  goal_met: 'цель достигнута',
  goal_met_before_attempt: 'цель достигнута до попытки',
  opted_out: 'клиент отказался от рассылки',
  sms_stop: 'клиент ответил «СТОП»',
  call_key: 'клиент подтвердил клавишей',
};

/** `sms_positive` → "SMS: доставлено"; the dialer prefixes a reason with the channel that ended it. */
export function finishReasonLabel(reason: string | null): string {
  if (!reason) return '';
  if (REASON_LABELS[reason]) return REASON_LABELS[reason];
  const channel = (Object.keys(CHANNEL_LABELS) as OutboundChannel[]).find((c) => reason.startsWith(`${c}_`));
  const rest = channel ? reason.slice(channel.length + 1) : reason;
  const label = REASON_LABELS[rest] ?? rest;
  return channel ? `${CHANNEL_LABELS[channel]}: ${label}` : label;
}
