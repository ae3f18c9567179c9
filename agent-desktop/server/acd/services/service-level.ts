import type { LiveQueueFigures, WaitLimits, WaitTone, WaitWatch } from '../../../shared/wallboard.ts';
import { type EstimatedWaitInput, estimatedWaitMs } from './estimated-wait.ts';

/** Cumulative counters of one queue, as the Lua commands keep them (hash `st:<queue>`). */
export interface QueueCounters {
  arrived: number;
  offers: number;
  missed: number;
  rejected: number;
  /** Offers taken (every accept is within the offer timeout, later ones are withdrawn). */
  answered: number;
  /** Answered within the wait limit (100 s) of arrival. */
  answeredInSl: number;
  waitMs: number;
  abandoned: number;
  /** Left quicker than the short-abandon threshold: not counted in the service level. */
  abandonedShort: number;
  /** Left within the wait limit (not short). */
  abandonedInSl: number;
  handled: number;
  handleMs: number;
  prealerts: number;
  alerts: number;
  overflowed: number;
  firstAnswers: number;
  firstAnswerMs: number;
  firstAnswerOverdue: number;
  appealOverdue: number;
}

export function parseCounters(hash: Record<string, string>): QueueCounters {
  const n = (key: string) => Number(hash[key] ?? 0);
  return {
    arrived: n('arrived'),
    offers: n('offers'),
    missed: n('missed'),
    rejected: n('rejected'),
    answered: n('answered'),
    answeredInSl: n('answeredInSl'),
    waitMs: n('waitMs'),
    abandoned: n('abandoned'),
    abandonedShort: n('abandonedShort'),
    abandonedInSl: n('abandonedInSl'),
    handled: n('handled'),
    handleMs: n('handleMs'),
    prealerts: n('prealerts'),
    alerts: n('alerts'),
    overflowed: n('overflowed'),
    firstAnswers: n('firstAnswers'),
    firstAnswerMs: n('firstAnswerMs'),
    firstAnswerOverdue: n('firstAnswerOverdue'),
    appealOverdue: n('appealOverdue'),
  };
}

/** The live figures with the counters they were computed from (the wallboard gets them without). */
export interface QueueFigures extends LiveQueueFigures {
  counters: QueueCounters;
}

/** The standard's wait limits (R-ACD-2), the queues' defaults in acd_queues. */
export const DEFAULT_WAIT_LIMITS: WaitLimits = { prealertMs: 80_000, alertMs: 100_000 };

/** Amber from the pre-alert, red at the limit: the supervisor must act before it passes. */
export function waitTone(longestWaitMs: number, limits: WaitLimits = DEFAULT_WAIT_LIMITS): WaitTone {
  if (longestWaitMs >= limits.alertMs) return 'bad';
  if (longestWaitMs >= limits.prealertMs) return 'warn';
  return 'ok';
}

/** The longest wait judged now, and when it reaches each limit (the wait grows by itself). */
export function waitWatch(
  waiting: number,
  longestWaitMs: number,
  now: number,
  limits: WaitLimits = DEFAULT_WAIT_LIMITS,
): WaitWatch {
  if (waiting === 0) return { limits, tone: 'ok', prealertAt: null, alertAt: null };
  const since = now - longestWaitMs;
  return {
    limits,
    tone: waitTone(longestWaitMs, limits),
    prealertAt: since + limits.prealertMs,
    alertAt: since + limits.alertMs,
  };
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function queueFigures(
  counters: QueueCounters,
  live: Omit<EstimatedWaitInput, 'averageHandleMs'> & { longestWaitMs: number },
  watch: { now: number; limits?: WaitLimits },
): QueueFigures {
  const aht = ratio(counters.handleMs, counters.handled);
  const abandonedCounted = counters.abandoned - counters.abandonedShort;
  return {
    waiting: live.waiting,
    longestWaitMs: live.longestWaitMs,
    estimatedWaitMs: estimatedWaitMs({ ...live, averageHandleMs: aht ?? 0 }),
    readyAgents: live.readyAgents,
    staffedAgents: live.staffedAgents,
    answeredWithinOfferShare: ratio(
      counters.answered,
      counters.answered + counters.missed + counters.rejected,
    ),
    serviceLevel: ratio(counters.answeredInSl + counters.abandonedInSl, counters.answered + abandonedCounted),
    answeredWithinWaitShare: ratio(counters.answeredInSl, counters.answered),
    asaMs: ratio(counters.waitMs, counters.answered),
    abandoned: counters.abandoned,
    abandonedShort: counters.abandonedShort,
    ahtMs: aht,
    wait: waitWatch(live.waiting, live.longestWaitMs, watch.now, watch.limits),
    counters,
  };
}
