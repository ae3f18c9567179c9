import type { Queryable } from '../../db/pool.ts';

/**
 * An md5 over the seeded content of every table (ids, names, values, instants), leaving out what
 * is not meant to repeat: insertion timestamps and salted password hashes.
 */
export const FINGERPRINT_QUERIES: Readonly<Record<string, string>> = {
  clients: `select id, type, full_name, inn, phones, email, postal_address, preferred_channel, vulnerable
              from clients order by id`,
  client_consents:
    'select client_id, channel, purpose, allowed, source from client_consents order by 1, 2, 3',
  accounts: `select id, number, client_id, owner_full_name, full_address, opened_at, restricted
               from accounts order by id`,
  meters:
    'select id, account_id, serial, zones, digits, monthly_ceiling_kwh, installed_at, verified_until from meters order by id',
  meter_readings: `select id, meter_id, zone, value, taken_at, received_at, channel, state, reject_reason
                     from meter_readings order by id`,
  charges:
    'select id, account_id, period, zone, kwh, tariff_kopecks, amount_kopecks, due_date from charges order by id',
  payments:
    'select id, account_id, paid_at, credited_at, amount_kopecks, method, reference from payments order by id',
  outages:
    'select kind, settlement, streets, starts_at, ends_at, reason, grid_company, grid_phone from outages order by id',
  users: 'select login, full_name, roles, sip_endpoint from users order by login',
};

export async function fingerprint(db: Queryable): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [table, query] of Object.entries(FINGERPRINT_QUERIES)) {
    const { rows } = await db.query<{ digest: string }>(
      `select md5(coalesce(string_agg(t::text, E'\\n'), '')) || ':' || count(*) as digest from (${query}) t`,
    );
    result[table] = rows[0]!.digest;
  }
  return result;
}
