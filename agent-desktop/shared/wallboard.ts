/**
 * Queue figures as the ACD computes them (server/acd/services/service-level.ts) and the wallboard
 * shows them (web/src/pages/supervisor): the snapshot and every `acd.figures` event carry these,
 * the browser displays them. Types only, no Node or DOM imports: both tsconfigs compile it.
 */

export type WaitTone = 'ok' | 'warn' | 'bad';

export interface WaitLimits {
  /** Pre-alert (80 s by default): the longest wait turns amber from here. */
  prealertMs: number;
  /** The standard's limit (100 s, R-ACD-2): red once reached. */
  alertMs: number;
}

/**
 * The longest wait against the queue's limits, as the ACD judged it when the figures were read,
 * and the server instants at which the person waiting longest reaches each limit (null: nobody
 * waits). Between two figures (5 s) the wallboard turns amber or red at those instants.
 */
export interface WaitWatch {
  limits: WaitLimits;
  tone: WaitTone;
  prealertAt: number | null;
  alertAt: number | null;
}

/** One queue's live figures (without the cumulative counters behind them). */
export interface LiveQueueFigures {
  waiting: number;
  longestWaitMs: number;
  estimatedWaitMs: number | null;
  readyAgents: number;
  staffedAgents: number;
  /** Offers taken within the offer timeout (15 s) among offers that ended (taken, missed, rejected). */
  answeredWithinOfferShare: number | null;
  /**
   * Service level like Asterisk app_queue `ServicelevelPerf2`: (answered within the limit +
   * abandoned within the limit) / (answered + abandoned), with short abandons left out of both.
   */
  serviceLevel: number | null;
  /** Answered within 100 s of arrival among answered (app_queue `ServicelevelPerf`). */
  answeredWithinWaitShare: number | null;
  /** Average speed of answer: mean wait of answered interactions. */
  asaMs: number | null;
  abandoned: number;
  abandonedShort: number;
  /** Average handle time: talk + wrap-up. */
  ahtMs: number | null;
  wait: WaitWatch;
}
