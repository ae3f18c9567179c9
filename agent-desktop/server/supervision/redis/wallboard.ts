import type { LiveQueueFigures } from '../../../shared/wallboard.ts';
import { type AgentFigures, agentFiguresFrom } from '../../acd/events/figures.ts';
import type { Acd, AcdEvent } from '../../acd/index.ts';
import { readQueueFigures } from '../../acd/index.ts';
import { CHAT_NEARING_WINDOW_MS, chatsNearingDeadline } from '../services/wallboard.ts';

/** A queue on the wallboard: its figures as the ACD computes them (the wait's colour included). */
export interface WallboardQueue {
  name: string;
  media: string;
  figures: LiveQueueFigures;
}

export interface NearingChat {
  ix: string;
  queue: string;
  dueAt: number;
}

export interface WallboardState {
  at: number;
  queues: WallboardQueue[];
  agents: AgentFigures[];
  chatsNearing: NearingChat[];
  /** The latest alerts from the ACD's event stream, newest first (a reconnect keeps the feed). */
  alerts: AcdEvent[];
}

const RECENT_EVENTS_SCANNED = 2_000;
const ALERTS_KEPT = 50;

/** Everything the wallboard shows, read from the ACD's Redis state in a few round trips. */
export async function readWallboard(acd: Acd, now: number): Promise<WallboardState> {
  const [queues, agents, chatsNearing, alerts] = await Promise.all([
    readQueues(acd, now),
    readAgents(acd, now),
    readChatsNearing(acd, now),
    readRecentAlerts(acd),
  ]);
  return { at: now, queues, agents, chatsNearing, alerts };
}

async function readQueues(acd: Acd, now: number): Promise<WallboardQueue[]> {
  const names = await acd.queueNames();
  return Promise.all(
    names.map(async (name) => {
      const [media, { counters: _counters, ...figures }] = await Promise.all([
        acd.redis.hget(acd.keys.queue(name), 'media'),
        readQueueFigures(acd.redis, acd.keys, name, now),
      ]);
      return { name, media: media ?? 'voice', figures };
    }),
  );
}

async function readAgents(acd: Acd, now: number): Promise<AgentFigures[]> {
  const ids = await acd.redis.smembers(acd.keys.agents);
  const pipeline = acd.redis.pipeline();
  for (const id of ids) pipeline.hgetall(acd.keys.agent(id));
  const replies = (await pipeline.exec()) ?? [];
  return ids
    .map((id, i) => agentFiguresFrom(id, (replies[i]?.[1] ?? {}) as Record<string, string>, now))
    .filter((agent): agent is AgentFigures => agent !== null && agent.state !== 'offline')
    .sort((a, b) => Number(a.agentId) - Number(b.agentId));
}

/** Chats still without an operator's first answer whose 15-minute timer falls due soon. */
export async function readChatsNearing(acd: Acd, now: number): Promise<NearingChat[]> {
  const scored = await acd.redis.zrangebyscore(
    acd.keys.timers,
    `(${now}`,
    now + CHAT_NEARING_WINDOW_MS,
    'WITHSCORES',
  );
  const deadlines = [];
  for (let i = 0; i < scored.length; i += 2) {
    if (scored[i]!.startsWith('f|'))
      deadlines.push({ ix: scored[i]!.slice(2), dueAt: Number(scored[i + 1]) });
  }
  const nearing = chatsNearingDeadline(deadlines, now);
  const queues = await Promise.all(nearing.map((chat) => acd.redis.hget(acd.keys.interaction(chat.ix), 'q')));
  return nearing.map((chat, i) => ({ ...chat, queue: queues[i] ?? '' }));
}

async function readRecentAlerts(acd: Acd): Promise<AcdEvent[]> {
  const rows = (await acd.redis.xrevrange(acd.keys.events, '+', '-', 'COUNT', RECENT_EVENTS_SCANNED)) as [
    string,
    string[],
  ][];
  const alerts: AcdEvent[] = [];
  for (const [id, fields] of rows) {
    const event: AcdEvent = { id, type: '', at: 0 };
    for (let i = 0; i < fields.length; i += 2) event[fields[i]!] = fields[i + 1]!;
    if (event.type !== 'alert') continue;
    event.at = Number(event.at);
    alerts.push(event);
    if (alerts.length === ALERTS_KEPT) break;
  }
  return alerts;
}
