import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Session } from '../../auth/sessions.ts';
import { IDENTIFICATION_CHECKS, type IdentificationCheck } from '../services/identification.ts';

/** Ticked checks: check → ISO instant it was confirmed. */
export type TickedChecks = Partial<Record<IdentificationCheck, string>>;

/**
 * Ticks live in Redis, per operator × conversation (or × browser session when there is no
 * interaction) × account: a new call means identifying again, and one operator's ticks never
 * open the card for another. The durable record of every tick is the audit log.
 */
export class IdentificationStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async ticked(scope: IdentificationScope, accountId: number): Promise<TickedChecks> {
    const raw = await this.redis.hgetall(this.key(scope, accountId));
    const ticked: TickedChecks = {};
    for (const check of IDENTIFICATION_CHECKS) if (raw[check]) ticked[check] = raw[check];
    return ticked;
  }

  async tick(scope: IdentificationScope, accountId: number, check: IdentificationCheck, at: Date) {
    const key = this.key(scope, accountId);
    await this.redis.multi().hset(key, check, at.toISOString()).pexpire(key, this.ttlMs).exec();
  }

  private key(scope: IdentificationScope, accountId: number): string {
    return `${this.prefix}:records:identified:${scope.userId}:${scope.conversation}:${accountId}`;
  }
}

export interface IdentificationScope {
  userId: number;
  /** `ix:<interaction uuid>` or `session:<hash of the session id>` (the id itself is a secret). */
  conversation: string;
}

export function identificationScope(
  session: Session,
  interactionId: string | undefined,
): IdentificationScope {
  const conversation = interactionId
    ? `ix:${interactionId}`
    : `session:${createHash('sha256').update(session.id).digest('hex').slice(0, 32)}`;
  return { userId: session.userId, conversation };
}
