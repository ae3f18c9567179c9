import type { Redis } from 'ioredis';
import { recordAudit } from '../../../core/audit/index.ts';
import { hashPassword, verifyPassword } from '../../../core/auth/password.ts';
import type { Pool } from '../../../core/db/pool.ts';
import type { Clock } from '../../../core/lifecycle/clock.ts';
import type { UserRole } from '../../../core/vocabulary/states.ts';
import type { Session, SessionStore } from './sessions.ts';

export interface LoginPolicy {
  maxFailures: number;
  lockMs: number;
  ratePerMinute: number;
}

export type LoginResult =
  | { ok: true; session: Session }
  | { ok: false; reason: 'invalid' | 'locked' | 'rate_limited'; retryAfterS?: number };

interface UserRow {
  id: number;
  login: string;
  full_name: string;
  password_hash: string;
  roles: UserRole[];
  failed_logins: number;
  locked_until: Date | null;
}

// Verified against when the login is unknown, so both paths take the same time.
const decoyHash = hashPassword('decoy-password-for-unknown-logins');

/**
 * Password login with a per-address rate limit and a per-account lockout after consecutive
 * failures. Every outcome is audited; the answer never tells whether the login exists.
 */
export class LoginService {
  constructor(
    private readonly pool: Pool,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly sessions: SessionStore,
    private readonly policy: LoginPolicy,
    private readonly clock: Clock,
  ) {}

  async login(login: string, password: string, ip: string): Promise<LoginResult> {
    const now = this.clock.now();
    const bucket = `${this.prefix}:login-rate:${ip}:${Math.floor(now.getTime() / 60_000)}`;
    const attempts = await this.redis.incr(bucket);
    if (attempts === 1) await this.redis.expire(bucket, 120);
    if (attempts > this.policy.ratePerMinute) {
      return { ok: false, reason: 'rate_limited', retryAfterS: 60 - (Math.floor(now.getTime() / 1000) % 60) };
    }

    const { rows } = await this.pool.query<UserRow>(
      `select id, login, full_name, password_hash, roles, failed_logins, locked_until
       from users where login = $1 and active`,
      [login],
    );
    const user = rows[0];
    if (!user) {
      await verifyPassword(password, await decoyHash);
      await recordAudit(this.pool, {
        actor: 'anonymous',
        action: 'auth.login_failed',
        subjectType: 'user',
        ip,
        at: now,
      });
      return { ok: false, reason: 'invalid' };
    }
    if (user.locked_until && user.locked_until.getTime() > now.getTime()) {
      await recordAudit(this.pool, {
        userId: user.id,
        action: 'auth.login_locked',
        subjectType: 'user',
        subjectId: user.id,
        ip,
        at: now,
      });
      return {
        ok: false,
        reason: 'locked',
        retryAfterS: Math.ceil((user.locked_until.getTime() - now.getTime()) / 1000),
      };
    }
    if (!(await verifyPassword(password, user.password_hash))) {
      const failures = user.failed_logins + 1;
      const lock = failures >= this.policy.maxFailures;
      await this.pool.query('update users set failed_logins = $2, locked_until = $3 where id = $1', [
        user.id,
        lock ? 0 : failures,
        lock ? new Date(now.getTime() + this.policy.lockMs) : user.locked_until,
      ]);
      await recordAudit(this.pool, {
        userId: user.id,
        action: lock ? 'auth.account_locked' : 'auth.login_failed',
        subjectType: 'user',
        subjectId: user.id,
        ip,
        at: now,
        details: { failures },
      });
      return lock
        ? { ok: false, reason: 'locked', retryAfterS: Math.ceil(this.policy.lockMs / 1000) }
        : { ok: false, reason: 'invalid' };
    }
    await this.pool.query('update users set failed_logins = 0, locked_until = null where id = $1', [user.id]);
    const session = await this.sessions.create({
      userId: user.id,
      login: user.login,
      fullName: user.full_name,
      roles: user.roles,
    });
    await recordAudit(this.pool, {
      userId: user.id,
      action: 'auth.login',
      subjectType: 'user',
      subjectId: user.id,
      ip,
      at: now,
    });
    return { ok: true, session };
  }
}
