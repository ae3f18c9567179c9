import type { Queryable } from '../../core/db/index.ts';

/** The operator's phone endpoint (users.sip_endpoint), e.g. `PJSIP/agent100`. */
export async function agentEndpoint(db: Queryable, agentId: string): Promise<string | undefined> {
  if (!/^\d{1,18}$/.test(agentId)) return undefined;
  const { rows } = await db.query<{ sip_endpoint: string | null }>(
    'select sip_endpoint from users where id = $1 and active',
    [agentId],
  );
  return rows[0]?.sip_endpoint ?? undefined;
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
