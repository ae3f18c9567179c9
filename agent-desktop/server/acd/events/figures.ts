import type { Redis } from 'ioredis';
import type { Clock } from '../../../../core/lifecycle/clock.ts';
import type { WaitLimits } from '../../../shared/wallboard.ts';
import type { AcdKeys } from '../keys.ts';
import { decodeWaitingScore } from '../services/scores.ts';
import {
  DEFAULT_WAIT_LIMITS,
  parseCounters,
  type QueueFigures,
  queueFigures,
} from '../services/service-level.ts';
import { publishEvent } from './stream.ts';

export interface AgentFigures {
  agentId: string;
  state: string;
  reason: string;
  timeInStateMs: number;
  activeChats: number;
  chatCapacity: number;
  handled: number;
  missedOffers: number;
  rejectedOffers: number;
  ahtMs: number | null;
}

/** Live figures of one queue: waiting, longest wait, estimated wait, service level, ASA, AHT… */
export async function readQueueFigures(
  redis: Redis,
  keys: AcdKeys,
  queue: string,
  now: number,
): Promise<QueueFigures> {
  const [[, counters], [, waiting], [, ready], [, staffed], [, limits]] = (await redis
    .multi()
    .hgetall(keys.stats(queue))
    .zrange(keys.waiting(queue), '0', '-1', 'WITHSCORES')
    .zcard(keys.ready(queue))
    .scard(keys.staffed(queue))
    .hmget(keys.queue(queue), 'prealertMs', 'alertMs')
    .exec()) as [
    [unknown, unknown],
    [unknown, unknown],
    [unknown, unknown],
    [unknown, unknown],
    [unknown, unknown],
  ];
  const scores = waiting as string[];
  let oldest = Number.POSITIVE_INFINITY;
  // Priority orders the set, so the oldest arrival is not necessarily first: look at all.
  for (let i = 1; i < scores.length; i += 2) {
    oldest = Math.min(oldest, decodeWaitingScore(Number(scores[i])).enqueuedAtMs);
  }
  return queueFigures(
    parseCounters(counters as Record<string, string>),
    {
      waiting: scores.length / 2,
      longestWaitMs: scores.length ? Math.max(0, now - oldest) : 0,
      readyAgents: ready as number,
      staffedAgents: staffed as number,
    },
    { now, limits: queueLimits(limits as (string | null)[]) },
  );
}

/** The queue's wait limits from its definition in Redis (the standard's when not set). */
function queueLimits([prealert, alert]: (string | null)[]): WaitLimits {
  return {
    prealertMs: Number(prealert) || DEFAULT_WAIT_LIMITS.prealertMs,
    alertMs: Number(alert) || DEFAULT_WAIT_LIMITS.alertMs,
  };
}

export function agentFiguresFrom(
  agentId: string,
  a: Record<string, string>,
  now: number,
): AgentFigures | null {
  if (!a.ds) return null;
  const handled = Number(a.handled ?? 0);
  return {
    agentId,
    state: a.ds,
    reason: a.ds === 'not_ready' ? (a.rsn ?? '') : '',
    timeInStateMs: now - Number(a.ss ?? now),
    activeChats: Number(a.nChat ?? 0),
    chatCapacity: Number(a.cap ?? 0),
    handled,
    missedOffers: Number(a.missed ?? 0),
    rejectedOffers: Number(a.rejected ?? 0),
    ahtMs: handled > 0 ? Number(a.handleMs) / handled : null,
  };
}

export async function readAgentFigures(
  redis: Redis,
  keys: AcdKeys,
  agentId: string,
  now: number,
): Promise<AgentFigures | null> {
  return agentFiguresFrom(agentId, await redis.hgetall(keys.agent(agentId)), now);
}

/** Operators per `figures` event: a supervisor screen gets a whole team in a few events. */
const AGENTS_PER_EVENT = 200;

/**
 * Publishes the figures: one `figures` event per queue (scope queue) and the logged-in operators
 * in events of up to 200 (scope agents), read in one pipeline.
 */
export async function publishFigures(redis: Redis, keys: AcdKeys, clock: Clock): Promise<number> {
  const now = clock.nowMs();
  let published = 0;
  for (const queue of await redis.smembers(keys.queues)) {
    const { counters: _counters, ...figures } = await readQueueFigures(redis, keys, queue, now);
    await publishEvent(redis, keys, now, {
      type: 'figures',
      scope: 'queue',
      queue,
      figures: JSON.stringify(figures),
    });
    published++;
  }
  const agentIds = await redis.smembers(keys.agents);
  const pipeline = redis.pipeline();
  for (const agentId of agentIds) pipeline.hgetall(keys.agent(agentId));
  const replies = (await pipeline.exec()) ?? [];
  const online = agentIds
    .map((agentId, i) => agentFiguresFrom(agentId, (replies[i]?.[1] ?? {}) as Record<string, string>, now))
    .filter((f): f is AgentFigures => f !== null && f.state !== 'offline');
  for (let i = 0; i < online.length; i += AGENTS_PER_EVENT) {
    const chunk = online.slice(i, i + AGENTS_PER_EVENT);
    await publishEvent(redis, keys, now, {
      type: 'figures',
      scope: 'agents',
      figures: JSON.stringify(chunk),
    });
    published++;
  }
  return published;
}
