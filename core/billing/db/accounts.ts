import type { z } from 'zod';
import type { Account, AccountSummary } from '../../../proto/gen/hotline/billing/v1/billing.ts';
import type { Queryable } from '../../db/index.ts';
import { notFound } from '../errors.ts';
import type { addressQuerySchema, findAccountsSchema } from '../schemas.ts';
import { normalizeSettlement, normalizeStreet, phoneVariants } from '../services/lookup.ts';

/** What every per-account query needs to know about the account first. */
export interface AccountRef {
  id: number;
  clientId: number;
  timeZone: string;
  closedOn: string | null;
}

export async function loadAccountRef(db: Queryable, accountNumber: string): Promise<AccountRef> {
  const { rows } = await db.query<{
    id: number;
    client_id: number;
    time_zone: string;
    closed_on: string | null;
  }>(
    `select a.id, a.client_id, c.time_zone, a.closed_at::text as closed_on
       from accounts a join clients c on c.id = a.client_id
      where a.number = $1`,
    [accountNumber],
  );
  const row = rows[0];
  if (!row) throw notFound('no account with this number');
  return { id: row.id, clientId: row.client_id, timeZone: row.time_zone, closedOn: row.closed_on };
}

interface SummaryRow {
  number: string;
  owner_full_name: string;
  full_address: string;
  type: string;
  closed: boolean;
}

const SUMMARY_COLUMNS = `a.number, a.owner_full_name, a.full_address, c.type, a.closed_at is not null as closed`;

export async function findAccounts(
  db: Queryable,
  query: z.output<typeof findAccountsSchema>['query'],
  limit: number,
): Promise<AccountSummary[]> {
  let rows: SummaryRow[];
  switch (query.$case) {
    case 'accountNumber':
      ({ rows } = await db.query<SummaryRow>(
        `select ${SUMMARY_COLUMNS} from accounts a join clients c on c.id = a.client_id where a.number = $1`,
        [query.value],
      ));
      break;
    case 'phone':
      ({ rows } = await db.query<SummaryRow>(
        `select ${SUMMARY_COLUMNS} from accounts a join clients c on c.id = a.client_id
          where c.phones && $1::text[]
          order by a.closed_at is not null, a.number limit $2`,
        [phoneVariants(query.value), limit],
      ));
      break;
    case 'address':
      rows = await findByAddress(db, query.value, limit);
      break;
  }
  return rows.map((row) => ({
    accountNumber: row.number,
    ownerFullName: row.owner_full_name,
    fullAddress: row.full_address,
    clientType: row.type,
    closed: row.closed,
  }));
}

// Settlement and street are compared the way lookup.ts normalises them ("г. Абакан" = "Абакан",
// "ул. Ленина" = "Ленина", "ё" = "е"); house and apartment exactly but case-insensitively.
async function findByAddress(
  db: Queryable,
  address: z.output<typeof addressQuerySchema>,
  limit: number,
): Promise<SummaryRow[]> {
  const street = normalizeStreet(address.street);
  const { rows } = await db.query<SummaryRow>(
    `select ${SUMMARY_COLUMNS} from accounts a join clients c on c.id = a.client_id
      where (translate(lower(a.settlement), 'ё', 'е') = $1
             or right(translate(lower(a.settlement), 'ё', 'е'), length($1) + 1) = ' ' || $1)
        and ($2 = '' or translate(lower(coalesce(a.street, '')), 'ё', 'е') like '%' || $2 || '%')
        and ($3 = '' or lower(a.house) = lower($3))
        and ($4 = '' or lower(coalesce(a.apartment, '')) = lower($4))
      order by a.closed_at is not null, a.settlement, a.street, a.house, a.apartment
      limit $5`,
    [normalizeSettlement(address.settlement), likeLiteral(street), address.house, address.apartment, limit],
  );
  return rows;
}

function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export async function getAccount(db: Queryable, accountNumber: string): Promise<Account> {
  const { rows } = await db.query(
    `select a.number, a.owner_full_name, a.area, a.settlement, a.street, a.house, a.building, a.apartment,
            a.full_address, a.opened_at::text as opened_on, a.closed_at::text as closed_on, a.restricted,
            c.id as client_id, c.type, c.full_name, c.inn, c.phones, c.email, c.postal_address,
            c.preferred_channel, c.time_zone, c.vulnerable,
            coalesce((select json_agg(json_build_object('channel', k.channel, 'purpose', k.purpose, 'allowed', k.allowed)
                                      order by k.channel, k.purpose)
                        from client_consents k where k.client_id = c.id), '[]') as consents
       from accounts a join clients c on c.id = a.client_id
      where a.number = $1`,
    [accountNumber],
  );
  const row = rows[0];
  if (!row) throw notFound('no account with this number');
  return {
    accountNumber: row.number,
    ownerFullName: row.owner_full_name,
    address: {
      area: row.area,
      settlement: row.settlement,
      street: row.street ?? '',
      house: row.house,
      building: row.building ?? '',
      apartment: row.apartment ?? '',
      fullAddress: row.full_address,
    },
    openedOn: row.opened_on,
    closedOn: row.closed_on ?? '',
    restricted: row.restricted,
    owner: {
      clientId: String(row.client_id),
      clientType: row.type,
      fullName: row.full_name,
      inn: row.inn ?? '',
      phones: row.phones,
      email: row.email ?? '',
      postalAddress: row.postal_address ?? '',
      preferredChannel: row.preferred_channel ?? '',
      timeZone: row.time_zone,
      vulnerable: row.vulnerable,
      consents: row.consents,
    },
  };
}
