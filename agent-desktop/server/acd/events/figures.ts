import type { Redis } from 'ioredis';
import type { Clock } from '../../../../core/lifecycle/clock.ts';
import type { AcdKeys } from '../keys.ts';
import { decodeWaitingScore } from '../services/scores.ts';
import { parseCounters, type QueueFigures, queueFigures } from '../services/service-level.ts';
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
  const [[, counters], [, waiting], [, ready], [, staffed]] = (await redis
    .multi()
    .hgetall(keys.stats(queue))
    .zrange(keys.waiting(queue), '0', '-1', 'WITHSCORES')
    .zcard(keys.ready(queue))
    .scard(keys.staffed(queue))
    .exec()) as [[unknown, unknown], [unknown, unknown], [unknown, unknown], [unknown, unknown]];
  const scores = waiting as string[];
  let oldest = Number.POSITIVE_INFINITY;
  // Priority orders the set, so the oldest arrival is not necessarily first: look at all.
  for (let i = 1; i < scores.length; i += 2) {
    oldest = Math.min(oldest, decodeWaitingScore(Number(scores[i])).enqueuedAtMs);
  }
  return queueFigures(parseCounters(counters as Record<string, string>), {
    waiting: scores.length / 2,
    longestWaitMs: scores.length ? Math.max(0, now - oldest) : 0,
    readyAgents: ready as number,
    staffedAgents: staffed as number,
  });
}

export async function readAgentFigures(
  redis: Redis,
  keys: AcdKeys,
  agentId: string,
  now: number,
): Promise<AgentFigures | null> {
  const a = await redis.hgetall(keys.agent(agentId));
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

/** Publishes every queue's and operator's figures as `figures` events (one per queue / operator). */
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
  for (const agentId of await redis.smembers(keys.agents)) {
    const figures = await readAgentFigures(redis, keys, agentId, now);
    if (!figures || figures.state === 'offline') continue;
    await publishEvent(redis, keys, now, {
      type: 'figures',
      scope: 'agent',
      agent: agentId,
      figures: JSON.stringify(figures),
    });
    published++;
  }
  return published;
}
