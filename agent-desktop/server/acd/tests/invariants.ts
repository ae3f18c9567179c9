import type { Redis } from 'ioredis';
import type { AcdKeys } from '../keys.ts';

export interface AcdState {
  interactions: Record<string, Record<string, string>>;
  queues: Record<string, { media: string; waiting: string[]; ready: string[]; staffed: string[] }>;
  agents: Record<string, { hash: Record<string, string>; work: string[]; skills: Record<string, string> }>;
}

/** Reads everything the invariants look at, in one MULTI (a consistent snapshot). */
export async function readState(redis: Redis, keys: AcdKeys, ids: string[]): Promise<AcdState> {
  const queues = await redis.smembers(keys.queues);
  const agents = await redis.smembers(keys.agents);
  const multi = redis.multi();
  for (const id of ids) multi.hgetall(keys.interaction(id));
  for (const q of queues)
    multi
      .hget(keys.queue(q), 'media')
      .zrange(keys.waiting(q), '0', '-1')
      .zrange(keys.ready(q), '0', '-1')
      .smembers(keys.staffed(q));
  for (const a of agents)
    multi.hgetall(keys.agent(a)).smembers(keys.agentWork(a)).hgetall(keys.agentSkills(a));
  const replies = ((await multi.exec()) ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  let i = 0;
  const state: AcdState = { interactions: {}, queues: {}, agents: {} };
  for (const id of ids) state.interactions[id] = replies[i++] as Record<string, string>;
  for (const q of queues) {
    state.queues[q] = {
      media: replies[i++] as string,
      waiting: replies[i++] as string[],
      ready: replies[i++] as string[],
      staffed: replies[i++] as string[],
    };
  }
  for (const a of agents) {
    state.agents[a] = {
      hash: replies[i++] as Record<string, string>,
      work: replies[i++] as string[],
      skills: replies[i++] as Record<string, string>,
    };
  }
  return state;
}

const ASSIGNED = new Set(['offered', 'connected', 'wrap_up']);
const KNOWN = new Set(['queued', 'offered', 'connected', 'wrap_up', 'closed', 'abandoned']);

export function checkInvariants(state: AcdState, ids: string[]): string[] {
  const problems: string[] = [];
  const inWaiting = new Map<string, string>();
  for (const [q, queue] of Object.entries(state.queues)) {
    for (const id of queue.waiting) {
      if (inWaiting.has(id)) problems.push(`${id} waits in ${inWaiting.get(id)} and ${q}`);
      inWaiting.set(id, q);
    }
    if (queue.waiting.length && queue.ready.length)
      problems.push(`${q} has waiting work and a ready operator`);
  }
  const holder = new Map<string, string>();
  for (const [a, agent] of Object.entries(state.agents)) {
    for (const id of agent.work) {
      if (holder.has(id)) problems.push(`${id} is held by operators ${holder.get(id)} and ${a}`);
      holder.set(id, a);
    }
  }
  for (const id of [...inWaiting.keys(), ...holder.keys()]) {
    if (!(id in state.interactions)) problems.push(`${id} sits in a waiting or work set but is not live`);
  }
  for (const id of ids) {
    const ix = state.interactions[id]!;
    if (!ix.st || !KNOWN.has(ix.st)) {
      problems.push(`${id} lost (state ${ix.st})`);
      continue;
    }
    if ((ix.st === 'queued') !== inWaiting.has(id))
      problems.push(`${id} is ${ix.st} but waiting-set says ${inWaiting.get(id)}`);
    if (ix.st === 'queued' && inWaiting.get(id) !== ix.q) problems.push(`${id} waits in the wrong queue`);
    if (ASSIGNED.has(ix.st) !== holder.has(id)) problems.push(`${id} is ${ix.st}, held by ${holder.get(id)}`);
    if (ASSIGNED.has(ix.st) && holder.get(id) !== ix.ag)
      problems.push(`${id} agent ${ix.ag} vs holder ${holder.get(id)}`);
  }
  for (const [a, agent] of Object.entries(state.agents)) {
    const mine = agent.work.map((id) => state.interactions[id] ?? {});
    const count = (st: string) => mine.filter((ix) => ix.st === st).length;
    const voice = mine.filter((ix) => ix.media === 'voice');
    const chats = mine.filter((ix) => ix.media === 'chat' && ix.st !== 'wrap_up');
    const h = agent.hash;
    if (voice.length > 1) problems.push(`operator ${a} holds ${voice.length} calls`);
    if (chats.length > Number(h.cap))
      problems.push(`operator ${a} holds ${chats.length} chats over capacity ${h.cap}`);
    if (Number(h.nOff) !== count('offered'))
      problems.push(`operator ${a} nOff ${h.nOff} != ${count('offered')}`);
    if (Number(h.nBusy) !== count('connected'))
      problems.push(`operator ${a} nBusy ${h.nBusy} != ${count('connected')}`);
    if (Number(h.nWrap) !== count('wrap_up')) problems.push(`operator ${a} nWrap ${h.nWrap}`);
    const voiceId = voice[0] ? agent.work.find((id) => state.interactions[id]?.media === 'voice') : '';
    if ((h.vix ?? '') !== (voiceId ?? '')) problems.push(`operator ${a} vix ${h.vix} != ${voiceId}`);
    const chatSlots = mine.filter((ix) => ix.media === 'chat').length;
    if (Number(h.nChat) !== chatSlots) problems.push(`operator ${a} nChat ${h.nChat} != ${chatSlots}`);
    for (const [q, queue] of Object.entries(state.queues)) {
      const skilled = q in agent.skills;
      const free = queue.media === 'chat' ? Number(h.nChat) < Number(h.cap) : !h.vix;
      const eligible = skilled && h.p === 'ready' && Number(h.nWrap) === 0 && free;
      if ((skilled && h.p === 'ready') !== queue.staffed.includes(a))
        problems.push(`operator ${a} staffed-set in ${q} wrong`);
      if (eligible !== queue.ready.includes(a))
        problems.push(`operator ${a} ready-index in ${q} wrong (eligible ${eligible})`);
    }
    const expected =
      h.p === 'offline'
        ? 'offline'
        : count('offered')
          ? 'offered'
          : count('connected')
            ? 'busy'
            : count('wrap_up')
              ? 'wrap_up'
              : h.p;
    if (h.ds !== expected) problems.push(`operator ${a} shows ${h.ds}, expected ${expected}`);
    if (h.p !== 'ready' && mine.some((ix) => ix.st === 'offered' && Number(ix.off) > Number(h.ps))) {
      problems.push(`operator ${a} offered work after leaving ready`);
    }
  }
  return problems;
}
