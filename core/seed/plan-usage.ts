import type { TariffZone } from '../vocabulary/index.ts';
import { type AccountPlan, HISTORY_MONTHS, type SeedContext } from './plan-account.ts';
import { Random, STREAM } from './prng.ts';
import { SEASONAL_FACTOR, tariffKopecks, ZONE_SHARES } from './tariffs.ts';
import { type LocalDate, localInstant, monthStart, withDay } from './time.ts';

/**
 * Consumption, readings and charges of one account. The meter is read once a month (day 18–26);
 * the charge of a month is the meter's growth since the previous month's reading, so for every
 * zone the charged kWh add up exactly to last accepted reading − opening reading.
 *
 * Consumption has its own random stream, so the charges and payments passes need not re-draw
 * the readings' times and channels.
 */
export interface Consumption {
  /** Opening reading per zone (taken in the month before the history). */
  opening: number[];
  /** kWh per history month per zone. */
  monthly: number[][];
}

export function planConsumption(ctx: SeedContext, account: AccountPlan): Consumption {
  const rng = new Random(ctx.seed, account.index, STREAM.consumption);
  const { zones, digits, monthlyCeilingKwh } = account.meter;
  const shares = ZONE_SHARES[zones.join(',')]!;
  // Opening values leave room for a year of use below the meter's rollover (10^digits).
  const opening = zones.map((_, z) => Math.floor(rng.next() * 10 ** digits * 0.3 * (z === 0 ? 1 : 0.6)));
  const monthly: number[][] = [];
  for (let m = 0; m < HISTORY_MONTHS; m++) {
    const calendarMonth = monthStart(ctx.asOf, m - HISTORY_MONTHS).month;
    const total = Math.min(
      monthlyCeilingKwh * 0.9,
      account.baseKwh * SEASONAL_FACTOR[calendarMonth]! * rng.around(1, 0.3, 0.6, 1.4),
    );
    monthly.push(
      shares.map((share) => Math.max(0, Math.round(total * share * rng.around(1, 0.12, 0.8, 1.2)))),
    );
  }
  return { opening, monthly };
}

export interface ReadingPlan {
  zone: TariffZone;
  value: number;
  /** Epoch ms. */
  takenAt: number;
  receivedAt: number;
  channel: string;
  rejectReason: 'below_previous' | 'above_monthly_ceiling' | null;
}

const READING_CHANNELS: readonly (readonly [string, number])[] = [
  ['online_account', 35],
  ['phone', 20],
  ['mobile_app', 15],
  ['telegram', 8],
  ['sms', 5],
  ['vk', 4],
  ['office', 3],
  ['email', 2],
];

/** The opening reading, then one accepted reading per month; now and then a rejected attempt first. */
export function planReadings(
  ctx: SeedContext,
  account: AccountPlan,
  consumption: Consumption,
): ReadingPlan[] {
  const rng = new Random(ctx.seed, account.index, STREAM.readings);
  const { zones, monthlyCeilingKwh } = account.meter;
  const habitualChannel = rng.weighted(READING_CHANNELS);
  const values = consumption.opening.slice();
  const readings: ReadingPlan[] = [];
  for (let m = -1; m < HISTORY_MONTHS; m++) {
    const month = monthStart(ctx.asOf, m - HISTORY_MONTHS);
    const takenAt = localInstant(withDay(month, rng.int(18, 26)), rng.int(8, 21), rng.int(0, 59));
    const channel = rng.chance(0.85) ? habitualChannel : rng.weighted(READING_CHANNELS);
    if (m >= 0 && rng.chance(0.012)) {
      // A mistyped attempt shortly before the good one, rejected by validation.
      const previous = values[0]!;
      const below = previous > 0 && rng.chance(0.6);
      const attemptAt = takenAt - rng.int(5, 90) * 60_000;
      readings.push({
        zone: zones[0]!,
        value: below
          ? previous - rng.int(1, Math.min(previous, 300))
          : previous + monthlyCeilingKwh + rng.int(100, 5000),
        takenAt: attemptAt,
        receivedAt: attemptAt + rng.int(0, 4) * 60_000,
        channel,
        rejectReason: below ? 'below_previous' : 'above_monthly_ceiling',
      });
    }
    const receivedAt = takenAt + rng.int(0, 180) * 60_000;
    for (let z = 0; z < zones.length; z++) {
      if (m >= 0) values[z]! += consumption.monthly[m]![z]!;
      readings.push({ zone: zones[z]!, value: values[z]!, takenAt, receivedAt, channel, rejectReason: null });
    }
  }
  return readings;
}

export interface ChargePlan {
  period: LocalDate;
  zone: TariffZone;
  kwh: number;
  tariffKopecks: number;
  amountKopecks: number;
  /** The 10th of the next month (the Housing Code's payment deadline). */
  due: LocalDate;
}

export function planCharges(ctx: SeedContext, account: AccountPlan, consumption: Consumption): ChargePlan[] {
  const charges: ChargePlan[] = [];
  const { zones } = account.meter;
  for (let m = 0; m < HISTORY_MONTHS; m++) {
    const period = monthStart(ctx.asOf, m - HISTORY_MONTHS);
    const due = withDay(monthStart(period, 1), 10);
    for (let z = 0; z < zones.length; z++) {
      const kwh = consumption.monthly[m]![z]!;
      const tariff = tariffKopecks(account.tariff, zones[z]!, period);
      charges.push({ period, zone: zones[z]!, kwh, tariffKopecks: tariff, amountKopecks: kwh * tariff, due });
    }
  }
  return charges;
}
