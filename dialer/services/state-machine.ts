import type { CampaignState } from '../schemas/campaign.ts';
import { CampaignError } from './errors.ts';

export const CAMPAIGN_ACTIONS = ['schedule', 'start', 'pause', 'resume', 'stop', 'finish', 'edit'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/**
 * draft → scheduled → running ⇄ paused → finished / stopped. `start` also takes a scheduled
 * campaign whose start date came (the dialer's tick) or that a supervisor starts early; `finish`
 * is the dialer's own (every contact done, or the end date passed); a stop is final.
 */
const TRANSITIONS: Readonly<Record<CampaignAction, Partial<Record<CampaignState, CampaignState>>>> = {
  edit: { draft: 'draft' },
  schedule: { draft: 'scheduled' },
  start: { scheduled: 'running' },
  pause: { running: 'paused' },
  resume: { paused: 'running' },
  stop: { draft: 'stopped', scheduled: 'stopped', running: 'stopped', paused: 'stopped' },
  finish: { running: 'finished', paused: 'finished' },
};

const STATE_RU: Readonly<Record<CampaignState, string>> = {
  draft: 'черновик',
  scheduled: 'запланирована',
  running: 'идёт',
  paused: 'приостановлена',
  finished: 'завершена',
  stopped: 'остановлена',
};

export function nextCampaignState(current: CampaignState, action: CampaignAction): CampaignState {
  const next = TRANSITIONS[action][current];
  if (!next) {
    throw new CampaignError(
      'invalid_transition',
      `Действие «${action}» невозможно: кампания ${STATE_RU[current]}`,
    );
  }
  return next;
}

export function canTransition(current: CampaignState, action: CampaignAction): boolean {
  return TRANSITIONS[action][current] !== undefined;
}
