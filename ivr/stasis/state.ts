import type { Redis } from 'ioredis';

export interface CallState {
  interactionId: string;
  callerNumber: string;
  startedAtMs: number;
}

const STATE_TTL_SECONDS = 24 * 3600;
const RENEW_OWN = `for _, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if not holder or holder == ARGV[1] then redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) end
end`;
/**
 * KEYS: call hash, owner, index, ended marker. ARGV: owner, lease ms, ttl s, interactionId,
 * callerNumber, startedAtMs, onlyIfNew ('1': a call some process knows, or just ended, is left
 * alone), channel id.
 * Never takes a call another owner holds: a process that saw StasisStart and one that adopted the
 * same channel as a stray cannot both serve it. Returns 1 when saved.
 */
const SAVE = `local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return 0 end
if ARGV[7] == '1' and redis.call('EXISTS', KEYS[1], KEYS[4]) > 0 then return 0 end
redis.call('HSET', KEYS[1], 'interactionId', ARGV[4], 'callerNumber', ARGV[5], 'startedAtMs', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[3], ARGV[8])
return 1`;
/** An ended call's channel may linger in Asterisk a moment: it is not adopted as a stray meanwhile. */
const ENDED_MARK_MS = 60_000;
/** A dead process's calls are taken over this long after its last renewal, at the latest. */
export const DEFAULT_LEASE_MS = 15_000;

/**
 * What a live call needs to survive an IVR restart, in Redis: its interaction and caller, plus an
 * owner lease so that, with several IVR processes on one Asterisk, exactly one re-attaches (or,
 * when its caller is gone, settles) it. The lease is renewed by the owning process; a dead
 * process's lease lapses. A set indexes every call saved, so a sweep finds the orphans without
 * listing Asterisk's channels.
 */
export class CallStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly owner: string,
    readonly leaseMs = DEFAULT_LEASE_MS,
  ) {}

  private key(channelId: string) {
    return `${this.prefix}:ivr:call:${channelId}`;
  }

  private ownerKey(channelId: string) {
    return `${this.prefix}:ivr:owner:${channelId}`;
  }

  private endedKey(channelId: string) {
    return `${this.prefix}:ivr:ended:${channelId}`;
  }

  private get indexKey() {
    return `${this.prefix}:ivr:calls`;
  }

  /** Saves a call this process serves; false when another process holds it (adopted it). */
  save(channelId: string, state: CallState): Promise<boolean> {
    return this.write(channelId, state, false);
  }

  /**
   * Takes a channel found in Stasis that no process knows (its process died before saving it):
   * false when some process saved or holds it meanwhile.
   */
  adopt(channelId: string, state: CallState): Promise<boolean> {
    return this.write(channelId, state, true);
  }

  private async write(channelId: string, state: CallState, onlyIfNew: boolean): Promise<boolean> {
    const saved = await this.redis.eval(
      SAVE,
      4,
      this.key(channelId),
      this.ownerKey(channelId),
      this.indexKey,
      this.endedKey(channelId),
      this.owner,
      this.leaseMs,
      STATE_TTL_SECONDS,
      state.interactionId,
      state.callerNumber,
      state.startedAtMs,
      onlyIfNew ? '1' : '0',
      channelId,
    );
    return saved === 1;
  }

  /** Of these channels, the ones some process has saved (serves, or left to be taken over). */
  async known(channelIds: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    if (channelIds.length === 0) return known;
    const members = new Set(await this.redis.smembers(this.indexKey));
    for (const id of channelIds) if (members.has(id)) known.add(id);
    return known;
  }

  /**
   * Calls saved here that no process holds: their owner died (lease lapsed) or never renewed.
   * `except` are the calls this process serves itself (its map of live calls will do).
   */
  async orphans(except: { has(channelId: string): boolean }): Promise<string[]> {
    const ids = (await this.redis.smembers(this.indexKey)).filter((id) => !except.has(id));
    const orphans: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const owners = await this.redis.mget(chunk.map((id) => this.ownerKey(id)));
      chunk.forEach((id, j) => {
        if (owners[j] === null) orphans.push(id);
      });
    }
    return orphans;
  }

  async load(channelId: string): Promise<CallState | undefined> {
    const hash = await this.redis.hgetall(this.key(channelId));
    if (!hash.interactionId) return undefined;
    return {
      interactionId: hash.interactionId,
      callerNumber: hash.callerNumber ?? '',
      startedAtMs: Number(hash.startedAtMs),
    };
  }

  /** Takes the call over if nobody holds it (or we already do). */
  async claim(channelId: string): Promise<boolean> {
    const key = this.ownerKey(channelId);
    if ((await this.redis.set(key, this.owner, 'PX', this.leaseMs, 'NX')) === 'OK') return true;
    return (await this.redis.get(key)) === this.owner;
  }

  async renew(channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return;
    // A call another process took over (this one stalled past the lease) is not taken back.
    for (let i = 0; i < channelIds.length; i += 500) {
      const keys = channelIds.slice(i, i + 500).map((id) => this.ownerKey(id));
      await this.redis.eval(RENEW_OWN, keys.length, ...keys, this.owner, this.leaseMs);
    }
  }

  async remove(channelId: string): Promise<void> {
    await this.redis
      .multi()
      .del(this.key(channelId), this.ownerKey(channelId))
      .srem(this.indexKey, channelId)
      .set(this.endedKey(channelId), '1', 'PX', ENDED_MARK_MS)
      .exec();
  }
}
