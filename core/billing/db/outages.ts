import type { Outage } from '../../../proto/gen/hotline/billing/v1/billing.ts';
import type { Queryable } from '../../db/index.ts';
import { normalizeSettlement, normalizeStreet } from '../services/lookup.ts';

interface OutageRow {
  id: number;
  kind: string;
  area: string;
  settlement: string;
  streets: string[];
  starts_at: Date;
  ends_at: Date | null;
  reason: string;
  grid_company: string;
  grid_phone: string;
}

/**
 * Outages going on or still to come at `now` for a settlement, optionally narrowed to a street
 * (an outage without streets covers the whole settlement). Current first, then by start.
 * Street names are matched after normalisation ("ул. Ленина" = "Ленина"), so the street filter
 * runs here rather than in SQL; a settlement has few live outages.
 */
export async function listOutages(
  db: Queryable,
  place: { settlement: string; street: string },
  now: Date,
): Promise<Outage[]> {
  const settlement = normalizeSettlement(place.settlement);
  const { rows } = await db.query<OutageRow>(
    `select id, kind, area, settlement, streets, starts_at, ends_at, reason, grid_company, grid_phone
       from outages
      where (translate(lower(settlement), 'ё', 'е') = $1
             or right(translate(lower(settlement), 'ё', 'е'), length($1) + 1) = ' ' || $1)
        and (ends_at is null or ends_at > $2)
      order by starts_at <= $2 desc, starts_at, id`,
    [settlement, now],
  );
  const street = normalizeStreet(place.street);
  return rows
    .filter(
      (row) =>
        street === '' || row.streets.length === 0 || row.streets.some((s) => normalizeStreet(s) === street),
    )
    .map((row) => ({
      id: String(row.id),
      kind: row.kind,
      area: row.area,
      settlement: row.settlement,
      streets: row.streets,
      startsAt: row.starts_at,
      endsAt: row.ends_at ?? undefined,
      reason: row.reason,
      gridCompany: row.grid_company,
      gridPhone: row.grid_phone,
      current: row.starts_at.getTime() <= now.getTime(),
    }));
}
