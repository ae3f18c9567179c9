import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import type { UserRole } from '../../../core/vocabulary/states.ts';

export interface Session {
  id: string;
  userId: number;
  login: string;
  fullName: string;
  roles: UserRole[];
  /** Double-submit CSRF token: sent back in `X-CSRF-Token` on every state-changing request. */
  csrfToken: string;
  createdAtMs: number;
  lastSeenAtMs: number;
}

export interface SessionLimits {
  idleMs: number;
  maxAgeMs: number;
}

/**
 * Sessions live in Redis so every desktop server instance sees the same ones; the key expires
 * with the idle timeout and each request slides it, while the absolute limit is checked here.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: SessionLimits,
    private readonly clock: Clock,
  ) {}

  async create(user: Omit<Session, 'id' | 'csrfToken' | 'createdAtMs' | 'lastSeenAtMs'>): Promise<Session> {
    const now = this.clock.nowMs();
    const session: Session = {
      ...user,
      id: randomBytes(32).toString('base64url'),
      csrfToken: randomBytes(32).toString('base64url'),
      createdAtMs: now,
      lastSeenAtMs: now,
    };
    await this.save(session);
    await this.redis.sadd(this.userKey(user.userId), session.id);
    return session;
  }

  /** The live session for this id, touched; undefined when unknown, idle too long or too old. */
  async touch(id: string): Promise<Session | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const raw = await this.redis.get(this.key(id));
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    const now = this.clock.nowMs();
    if (
      now - session.lastSeenAtMs >= this.limits.idleMs ||
      now - session.createdAtMs >= this.limits.maxAgeMs
    ) {
      await this.destroy(session);
      return undefined;
    }
    session.lastSeenAtMs = now;
    await this.save(session);
    return session;
  }

  async destroy(session: Pick<Session, 'id' | 'userId'>): Promise<void> {
    await this.redis.del(this.key(session.id));
    await this.redis.srem(this.userKey(session.userId), session.id);
  }

  /** Ends every session of a user (role change, deactivation, password reset). */
  async destroyAllOf(userId: number): Promise<void> {
    const ids = await this.redis.smembers(this.userKey(userId));
    if (ids.length) await this.redis.del(...ids.map((id) => this.key(id)));
    await this.redis.del(this.userKey(userId));
  }

  private async save(session: Session): Promise<void> {
    // Redis expiry is a safety net in real time; the clock-based checks above are authoritative.
    await this.redis.set(this.key(session.id), JSON.stringify(session), 'PX', this.limits.maxAgeMs);
  }

  private key(id: string): string {
    return `${this.prefix}:session:${id}`;
  }

  private userKey(userId: number): string {
    return `${this.prefix}:user-sessions:${userId}`;
  }
}
