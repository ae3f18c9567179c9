import type { Redis } from 'ioredis';

export interface CallState {
  interactionId: string;
  callerNumber: string;
  startedAtMs: number;
}

const STATE_TTL_SECONDS = 24 * 3600;

/**
 * What a live call needs to survive an IVR restart, in Redis: its interaction and caller, plus an
 * owner lease so that, with several IVR processes on one Asterisk, exactly one re-attaches it.
 * The lease is renewed by the owning process; a dead process's lease lapses.
 */
export class CallStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly owner: string,
    private readonly leaseMs = 30_000,
  ) {}

  private key(channelId: string) {
    return `${this.prefix}:ivr:call:${channelId}`;
  }

  private ownerKey(channelId: string) {
    return `${this.prefix}:ivr:owner:${channelId}`;
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
      .exec();
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
    const multi = this.redis.multi();
    for (const id of channelIds) multi.set(this.ownerKey(id), this.owner, 'PX', this.leaseMs);
    await multi.exec();
  }

  async remove(channelId: string): Promise<void> {
    await this.redis.del(this.key(channelId), this.ownerKey(channelId));
  }
}
