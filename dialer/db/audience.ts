import type { Queryable } from '../../core/db/index.ts';
import type { AudienceFilter } from '../schemas/campaign.ts';
import type { CsvAudienceRow, CsvRowError } from '../services/audience-csv.ts';

/**
 * Expands a filter audience into contacts in one statement (no rows through Node: a million
 * accounts plan in the database). Overdue debt by at least N days follows billing's rule —
 * payments and credit corrections settle the oldest charges first — so what is still unpaid of
 * the charges due on or before the cutoff is max(0, their sum − everything paid by now).
 */
export async function expandFilterAudience(
  db: Queryable,
  campaignId: number,
  filter: AudienceFilter,
  now: Date,
): Promise<number> {
  const { rowCount } = await db.query(
    `with owed as (
       -- One pass over charges: what falls due on or before the cutoff, and credit corrections.
       select ch.account_id,
              sum(ch.amount_kopecks) filter (
                where ch.amount_kopecks > 0
                  and ch.due_date <= (($7::timestamptz at time zone cl.time_zone)::date - greatest($6::int, 1))) as old,
              sum(ch.amount_kopecks) filter (where ch.amount_kopecks < 0) as credit
         from charges ch join accounts a2 on a2.id = ch.account_id join clients cl on cl.id = a2.client_id
        where $5::bigint is not null
        group by ch.account_id),
     paid as (
       select account_id, sum(amount_kopecks) as paid from payments
        where $5::bigint is not null and paid_at <= $7 group by account_id)
     insert into campaign_contacts (campaign_id, client_id, account_id)
     select $1, a.client_id, a.id
       from accounts a
       join clients c on c.id = a.client_id
       left join owed o on o.account_id = a.id
       left join paid p on p.account_id = a.id
      where a.closed_at is null
        and ($2::text[] is null or a.area = any($2))
        and ($3::text[] is null or c.type = any($3))
        and ($4::text[] is null or a.number = any($4))
        and ($5::bigint is null
             or coalesce(o.old, 0) - coalesce(p.paid, 0) + coalesce(o.credit, 0) >= greatest($5::bigint, 1))
      -- Contacts numbered in account order: planning and sending follow it.
      order by a.id
     on conflict do nothing`,
    [
      campaignId,
      filter.areas ?? null,
      filter.clientTypes ?? null,
      filter.accountNumbers ?? null,
      filter.minOverdueRubles === undefined ? null : Math.round(filter.minOverdueRubles * 100),
      filter.overdueDays,
      now,
    ],
  );
  // A bulk insert leaves the planner guessing; planning reads these rows right after.
  if ((rowCount ?? 0) > 10_000) await db.query('analyze campaign_contacts');
  return rowCount ?? 0;
}

/** CSV rows → accounts; an unknown or closed account is that row's error. */
export async function resolveCsvAudience(
  db: Queryable,
  rows: readonly CsvAudienceRow[],
): Promise<{
  resolved: Array<CsvAudienceRow & { accountId: number; clientId: number }>;
  errors: CsvRowError[];
}> {
  const { rows: found } = await db.query<{ number: string; id: number; client_id: number; closed: boolean }>(
    'select number, id, client_id, closed_at is not null as closed from accounts where number = any($1)',
    [rows.map((r) => r.account)],
  );
  const byNumber = new Map(found.map((a) => [a.number, a]));
  const errors: CsvRowError[] = [];
  const resolved: Array<CsvAudienceRow & { accountId: number; clientId: number }> = [];
  for (const row of rows) {
    const account = byNumber.get(row.account);
    if (!account) errors.push({ line: row.line, message: `Лицевой счёт ${row.account} не найден` });
    else if (account.closed) errors.push({ line: row.line, message: `Лицевой счёт ${row.account} закрыт` });
    else resolved.push({ ...row, accountId: account.id, clientId: account.client_id });
  }
  return { resolved, errors };
}

export async function insertCsvContacts(
  db: Queryable,
  campaignId: number,
  rows: ReadonlyArray<{ accountId: number; clientId: number; variables: Record<string, string> }>,
): Promise<number> {
  const { rowCount } = await db.query(
    `insert into campaign_contacts (campaign_id, client_id, account_id, variables)
     select $1, r.client_id, r.account_id, r.variables
       from unnest($2::bigint[], $3::bigint[], $4::jsonb[]) as r (client_id, account_id, variables)
     on conflict do nothing`,
    [
      campaignId,
      rows.map((r) => r.clientId),
      rows.map((r) => r.accountId),
      rows.map((r) => JSON.stringify(r.variables)),
    ],
  );
  return rowCount ?? 0;
}
