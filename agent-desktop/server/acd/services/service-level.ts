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

export interface QueueFigures {
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
  counters: QueueCounters;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function queueFigures(
  counters: QueueCounters,
  live: Omit<EstimatedWaitInput, 'averageHandleMs'> & { longestWaitMs: number },
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
    counters,
  };
}
