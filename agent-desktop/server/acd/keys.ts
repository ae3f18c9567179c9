/**
 * Redis key names of the ACD. Every key carries the hash tag `{<prefix>:acd}`, so all keys one
 * Lua command touches live in one Redis Cluster slot (as BullMQ does with `{queue}`). The Lua side
 * builds the same names from `base` (see commands/includes/util.lua); keep the two in step.
 */
export interface AcdKeys {
  /** `{<prefix>:acd}:` — passed to every command as ARGV[1]. */
  base: string;
  queue(name: string): string;
  queues: string;
  waiting(queue: string): string;
  ready(queue: string): string;
  staffed(queue: string): string;
  stats(queue: string): string;
  interaction(id: string): string;
  agent(id: string): string;
  agentSkills(id: string): string;
  agentWork(id: string): string;
  agents: string;
  timers: string;
  events: string;
  outbox: string;
}

export function acdKeys(prefix: string): AcdKeys {
  const base = `{${prefix}:acd}:`;
  return {
    base,
    queue: (name) => `${base}q:${name}`,
    queues: `${base}qs`,
    waiting: (queue) => `${base}w:${queue}`,
    ready: (queue) => `${base}r:${queue}`,
    staffed: (queue) => `${base}s:${queue}`,
    stats: (queue) => `${base}st:${queue}`,
    interaction: (id) => `${base}i:${id}`,
    agent: (id) => `${base}a:${id}`,
    agentSkills: (id) => `${base}ak:${id}`,
    agentWork: (id) => `${base}aw:${id}`,
    agents: `${base}agents`,
    timers: `${base}t`,
    events: `${base}ev`,
    outbox: `${base}out`,
  };
}
