import type { Queryable } from '../../../../core/db/pool.ts';

/** What the records area needs to know about an account before asking billing for the rest. */
export interface AccountRow {
  id: number;
  number: string;
  clientId: number;
  clientType: string;
  ownerFullName: string;
  settlement: string;
  street: string | null;
  house: string;
  apartment: string | null;
  fullAddress: string;
  restricted: boolean;
  closedOn: string | null;
}

export async function findAccountById(db: Queryable, id: number): Promise<AccountRow | undefined> {
  const { rows } = await db.query(
    `select a.id, a.number, a.client_id, c.type, a.owner_full_name, a.settlement, a.street, a.house,
            a.apartment, a.full_address, a.restricted, a.closed_at::text as closed_on
       from accounts a join clients c on c.id = a.client_id where a.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    number: row.number,
    clientId: Number(row.client_id),
    clientType: row.type,
    ownerFullName: row.owner_full_name,
    settlement: row.settlement,
    street: row.street,
    house: row.house,
    apartment: row.apartment,
    fullAddress: row.full_address,
    restricted: row.restricted,
    closedOn: row.closed_on,
  };
}

/** Billing answers with account numbers; the desktop links cards by id (and lists the settlement). */
export async function accountIdsByNumber(
  db: Queryable,
  numbers: readonly string[],
): Promise<Map<string, { id: number; settlement: string }>> {
  if (numbers.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; number: string; settlement: string }>(
    'select id, number, settlement from accounts where number = any($1::text[])',
    [numbers],
  );
  return new Map(rows.map((row) => [row.number, { id: Number(row.id), settlement: row.settlement }]));
}

export interface FoundAccount {
  id: number;
  number: string;
  ownerFullName: string;
  settlement: string;
  clientType: string;
  closed: boolean;
}

/**
 * Accounts whose owner's surname (first word of the name on the account) is `surname`, case
 * and «ё» aside. Billing's contract has no surname lookup, so this one reads the tables.
 */
export async function findAccountsBySurname(
  db: Queryable,
  surname: string,
  limit: number,
): Promise<FoundAccount[]> {
  const { rows } = await db.query(
    `select a.id, a.number, a.owner_full_name, a.settlement, c.type, a.closed_at is not null as closed
       from accounts a join clients c on c.id = a.client_id
      where translate(lower(split_part(a.owner_full_name, ' ', 1)), 'ё', 'е') = translate(lower($1), 'ё', 'е')
      order by a.closed_at is not null, a.settlement, a.owner_full_name, a.number
      limit $2`,
    [surname, limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    number: row.number,
    ownerFullName: row.owner_full_name,
    settlement: row.settlement,
    clientType: row.type,
    closed: row.closed,
  }));
}
