import type { ChainableCommander, Redis } from 'ioredis';

/**
 * The two Redis scripts of a turn, defined on the connection so that ioredis sends them once and
 * then by SHA. One script instead of a handful of commands per step: a turn is on every message,
 * and each command costs the chatbot (ioredis) and Redis alike. ioredis sends the full script the
 * first time on each connection (also after a reconnect); only a `SCRIPT FLUSH` on a live
 * connection could make one commit fail halfway (NOSCRIPT), which the operator of Redis must not do.
 */

// KEYS: lock, seen, state. ARGV: token, lock ttl (ms).
// Locks the conversation, checks the event's "seen" marker (a duplicate unlocks at once) and
// reads the state: {locked 0/1, seen 0/1, state or nil}.
const BEGIN = `
local locked = redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')
local seen = redis.call('EXISTS', KEYS[2])
if not locked then return {0, seen} end
if seen == 1 then
  redis.call('DEL', KEYS[1])
  return {1, 1}
end
return {1, 0, redis.call('GET', KEYS[3])}`;

// KEYS: state, seen, active, lock, recent, interaction link.
// ARGV: state json, state ttl, seen ttl, active member, active score ('' = not active), lock token,
//       clear recent ('1'/'0'), recent ttl, recent max, interaction link json ('' = none), then the
//       recent lines to append.
// Writes the turn's state, its "seen" marker, the idle-sweep entry, the conversation so far and
// the interaction link, and unlocks (the lock only if still ours). Runs inside the turn's MULTI.
const COMMIT = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
if ARGV[5] == '' then redis.call('ZREM', KEYS[3], ARGV[4]) else redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4]) end
if ARGV[10] ~= '' then redis.call('SET', KEYS[6], ARGV[10], 'EX', ARGV[2]) end
if ARGV[7] == '1' then redis.call('DEL', KEYS[5]) end
if #ARGV > 10 then
  redis.call('RPUSH', KEYS[5], unpack(ARGV, 11))
  redis.call('LTRIM', KEYS[5], -tonumber(ARGV[9]), -1)
  redis.call('EXPIRE', KEYS[5], ARGV[8])
end
if redis.call('GET', KEYS[4]) == ARGV[6] then redis.call('DEL', KEYS[4]) end
return 1`;

export interface TurnScripts {
  chatTurnBegin(
    lock: string,
    seen: string,
    state: string,
    token: string,
    lockTtlMs: number,
  ): Promise<unknown>;
}

type CommitArgs = [string, string, string, string, string, string, ...(string | number)[]];

export interface TurnCommitCommander {
  chatTurnCommit(...args: CommitArgs): ChainableCommander;
}

/** Defines the scripts on the connection (once; later calls find them). */
export function withTurnScripts(redis: Redis): Redis & TurnScripts {
  const scripted = redis as Redis & Partial<TurnScripts>;
  if (!scripted.chatTurnBegin) {
    redis.defineCommand('chatTurnBegin', { numberOfKeys: 3, lua: BEGIN });
    redis.defineCommand('chatTurnCommit', { numberOfKeys: 6, lua: COMMIT });
  }
  return redis as Redis & TurnScripts;
}

/** The commit script, added to a MULTI of a connection given to `withTurnScripts`. */
export function commitInto(multi: ChainableCommander, ...args: CommitArgs): void {
  (multi as ChainableCommander & TurnCommitCommander).chatTurnCommit(...args);
}
