/**
 * Campaign states and progress counters as the dialer's supervisor API sends them. Constant lists
 * and types only (no Node, no zod): the desktop's campaign screens import them from here too, so
 * the server and the browser read one declaration.
 */

export const CAMPAIGN_STATES = ['draft', 'scheduled', 'running', 'paused', 'finished', 'stopped'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const CONTACT_STATES = [
  'pending',
  'in_progress',
  'positive',
  'negative',
  'goal_met',
  'opted_out',
  'unreachable',
  'stopped',
] as const;
export type ContactState = (typeof CONTACT_STATES)[number];

/** A campaign's contacts counted by state (`planned` = all of them; `attempts` = every try made). */
export interface CampaignProgress {
  planned: number;
  pending: number;
  inProgress: number;
  attempted: number;
  positive: number;
  goalMet: number;
  negative: number;
  optedOut: number;
  unreachable: number;
  stopped: number;
  attempts: number;
}
