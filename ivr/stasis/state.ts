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

  private get indexKey() {
    return `${this.prefix}:ivr:calls`;
  }

  async save(channelId: string, state: CallState): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(channelId), {
        interactionId: state.interactionId,
        callerNumber: state.callerNumber,
        startedAtMs: String(state.startedAtMs),
      })
      .expire(this.key(channelId), STATE_TTL_SECONDS)
      .set(this.ownerKey(channelId), this.owner, 'PX', this.leaseMs)
      .sadd(this.indexKey, channelId)
      .exec();
  }

  /**
   * Calls saved here that no process holds: their owner died (lease lapsed) or never renewed.
   * `except` are the calls this process serves itself.
   */
  async orphans(except: ReadonlySet<string>): Promise<string[]> {
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
      .exec();
  }
}
