import type { Redis } from 'ioredis';
import type { Queryable } from '../../core/db/index.ts';
import { databaseUnavailable } from './unavailable.ts';

const ENDPOINT_CACHE_SECONDS = 7 * 24 * 3600;

/**
 * The operator's phone endpoint (users.sip_endpoint), e.g. `PJSIP/agent100`. With `cache`, each
 * answer is kept in Redis, so while PostgreSQL is down an operator the ACD offers a call (the
 * ACD lives in Redis) is still rung at the phone last known for them.
 */
export async function agentEndpoint(
  db: Queryable,
  agentId: string,
  cache?: { redis: Redis; prefix: string },
): Promise<string | undefined> {
  if (!/^\d{1,18}$/.test(agentId)) return undefined;
  const key = cache && `${cache.prefix}:ivr:endpoint:${agentId}`;
  let rows: Array<{ sip_endpoint: string | null }>;
  try {
    ({ rows } = await db.query<{ sip_endpoint: string | null }>(
      'select sip_endpoint from users where id = $1 and active',
      [agentId],
    ));
  } catch (error) {
    if (!cache || !key || !databaseUnavailable(error)) throw error;
    return (await cache.redis.get(key)) ?? undefined;
  }
  const endpoint = rows[0]?.sip_endpoint ?? undefined;
  if (cache && key) {
    if (endpoint) await cache.redis.set(key, endpoint, 'EX', ENDPOINT_CACHE_SECONDS);
    else await cache.redis.del(key);
  }
  return endpoint;
}

/** accounts.id and its client, for the interaction (the desktop's client card reads them). */
export async function accountRefs(
  db: Queryable,
  accountNumber: string,
): Promise<{ accountId: number; clientId: number | null } | undefined> {
  const { rows } = await db.query<{ id: string; client_id: string | null }>(
    'select id, client_id from accounts where number = $1',
    [accountNumber],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { accountId: Number(row.id), clientId: row.client_id === null ? null : Number(row.client_id) };
}
