import type { z } from 'zod';
import type {
  Meter,
  Reading,
  SubmitMeterReadingResponse,
  ZoneReadingResult,
} from '../../../proto/gen/hotline/billing/v1/billing.ts';
import { inTransaction, type Pool, type Queryable } from '../../db/index.ts';
import type { TariffZone } from '../../vocabulary/index.ts';
import { failedPrecondition, notFound } from '../errors.ts';
import type { submitMeterReadingSchema } from '../schemas.ts';
import { explainRejection } from '../services/reading-explanations.ts';
import { checkReading, type PreviousReading } from '../services/reading-rules.ts';
import {
  formatHundredths,
  hundredthsFromDecimal,
  MAX_STORABLE_HUNDREDTHS,
} from '../services/reading-value.ts';
import type { AccountRef } from './accounts.ts';

interface MeterRow {
  id: number;
  serial: string;
  zones: TariffZone[];
  digits: number;
  monthly_ceiling_kwh: number;
  installed_on: string;
  verified_until: string | null;
}

interface ReadingRow {
  meter_id: number;
  zone: TariffZone;
  value: string;
  taken_at: Date;
  channel: string;
}

const METER_COLUMNS = `id, serial, zones, digits, monthly_ceiling_kwh, installed_at::text as installed_on,
  verified_until::text as verified_until`;

// The last accepted reading of each zone: the one with the latest taken_at.
const LAST_ACCEPTED = `select distinct on (meter_id, zone) meter_id, zone, value::text as value, taken_at, channel
   from meter_readings where meter_id = any($1::bigint[]) and state = 'accepted'
  order by meter_id, zone, taken_at desc, id desc`;

const toReading = (row: ReadingRow): Reading => ({
  zone: row.zone,
  value: row.value,
  takenAt: row.taken_at,
  channel: row.channel,
});

/** Installed meters (not removed) with the last accepted reading per zone. */
export async function listMeters(db: Queryable, account: AccountRef): Promise<Meter[]> {
  const meters = await db.query<MeterRow>(
    `select ${METER_COLUMNS} from meters where account_id = $1 and removed_at is null order by serial`,
    [account.id],
  );
  const readings = await db.query<ReadingRow>(LAST_ACCEPTED, [meters.rows.map((m) => m.id)]);
  return meters.rows.map((meter) => ({
    serial: meter.serial,
    zones: meter.zones,
    digits: meter.digits,
    monthlyCeilingKwh: meter.monthly_ceiling_kwh,
    installedOn: meter.installed_on,
    verifiedUntil: meter.verified_until ?? '',
    lastReadings: readings.rows
      .filter((r) => r.meter_id === meter.id)
      .sort((a, b) => meter.zones.indexOf(a.zone) - meter.zones.indexOf(b.zone))
      .map(toReading),
  }));
}

type Submission = z.output<typeof submitMeterReadingSchema>;

/**
 * Judges each zone value against the meter and its previous accepted reading, and records every
 * value with its verdict, time and channel (appendix 2.2). The meter row is locked for the
 * transaction, so two submissions for one meter are judged one after the other.
 */
export async function submitMeterReading(
  pool: Pool,
  account: AccountRef,
  submission: Submission,
  now: Date,
): Promise<SubmitMeterReadingResponse> {
  if (account.closedOn !== null) throw failedPrecondition('the account is closed; readings are not taken');
  const takenAt = submission.takenAt ?? now;
  return inTransaction(pool, async (tx) => {
    const { rows } = await tx.query<MeterRow>(
      `select ${METER_COLUMNS} from meters
        where account_id = $1 and serial = $2 and removed_at is null for update`,
      [account.id, submission.meterSerial],
    );
    const meter = rows[0];
    if (!meter) throw notFound('no installed meter with this serial on the account');
    const previousRows = await tx.query<ReadingRow>(LAST_ACCEPTED, [[meter.id]]);

    const results: ZoneReadingResult[] = [];
    for (const { zone, value: rawValue } of submission.values) {
      const previousRow = previousRows.rows.find((r) => r.zone === zone);
      const previous: PreviousReading | null = previousRow
        ? { value: hundredthsFromDecimal(previousRow.value), takenAt: previousRow.taken_at }
        : null;
      const rules = {
        zones: meter.zones,
        digits: meter.digits,
        monthlyCeilingKwh: meter.monthly_ceiling_kwh,
      };
      const verdict = checkReading(rules, { zone, rawValue, takenAt, previous }, account.timeZone);
      const storedValue =
        verdict.value !== null && verdict.value <= MAX_STORABLE_HUNDREDTHS
          ? formatHundredths(verdict.value)
          : null;
      await tx.query(
        `insert into meter_readings
           (meter_id, zone, value, submitted_text, taken_at, received_at, channel, state, reject_reason, interaction_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          meter.id,
          zone,
          storedValue,
          rawValue,
          takenAt,
          now,
          submission.channel,
          verdict.accepted ? 'accepted' : 'rejected',
          verdict.accepted ? null : verdict.code,
          submission.interactionId || null,
        ],
      );
      results.push({
        zone,
        value: storedValue ?? '',
        accepted: verdict.accepted,
        rejection: verdict.accepted
          ? undefined
          : {
              code: verdict.code,
              explanation: explainRejection({
                code: verdict.code,
                zone,
                meterZones: meter.zones,
                digits: meter.digits,
                monthlyCeilingKwh: meter.monthly_ceiling_kwh,
                value: verdict.value,
                previous,
                consumption: verdict.consumption,
                months: verdict.months,
                timeZone: account.timeZone,
              }),
            },
        previous: previousRow ? toReading(previousRow) : undefined,
        consumptionKwh:
          verdict.accepted && verdict.consumption !== null ? formatHundredths(verdict.consumption) : '',
      });
    }
    return { allAccepted: results.every((r) => r.accepted), results };
  });
}
