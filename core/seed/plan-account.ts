import type { ClientType, TariffZone } from '../vocabulary/index.ts';
import { PAYMENT_METHODS } from './data/organizations.ts';
import { type Address, DACHA_PLACES, PLACE_WEIGHTS } from './data/places.ts';
import { Random, STREAM } from './prng.ts';
import type { TariffCategory } from './tariffs.ts';
import { addDays, compareDates, type LocalDate, monthStart, withDay } from './time.ts';

/**
 * What one demo account looks like, derived only from (seed, account index): every table writer
 * re-derives it, so rows stream out table by table and the same seed always gives the same demo.
 */
export interface SeedContext {
  seed: number;
  /** The demo's "today" in Khakassia: history ends the month before it. */
  asOf: LocalDate;
}

/** Months of billing history; readings start one month earlier (the opening reading). */
export const HISTORY_MONTHS = 12;

export type PaymentBehaviour = 'on_time' | 'late' | 'rounded' | 'stopped' | 'partial';

export interface MeterPlan {
  serial: string;
  zones: readonly TariffZone[];
  digits: number;
  monthlyCeilingKwh: number;
  installed: LocalDate;
  verifiedUntil: LocalDate;
}

export interface AccountPlan {
  index: number;
  clientType: ClientType;
  /** A town dweller's second (seasonal) account: same client as the previous account. */
  sharesOwnerWithPrevious: boolean;
  address: Address;
  postcode: number;
  opened: LocalDate;
  meter: MeterPlan;
  tariff: TariffCategory;
  /** Typical monthly consumption before seasonal swings, kWh. */
  baseKwh: number;
  behaviour: PaymentBehaviour;
  /** For 'stopped': how many history months were still paid. */
  paidMonths: number;
  paymentMethod: string;
  restricted: boolean;
}

const CLIENT_TYPE_WEIGHTS: readonly (readonly [ClientType, number])[] = [
  ['individual', 92],
  ['sole_trader', 5],
  ['legal_entity', 3],
];

/** The client type is the first draw of the account stream, so a neighbour can read it cheaply. */
export function clientTypeOf(ctx: SeedContext, index: number): { rng: Random; clientType: ClientType } {
  const rng = new Random(ctx.seed, index, STREAM.account);
  return { rng, clientType: rng.weighted(CLIENT_TYPE_WEIGHTS) };
}

export function planAccount(ctx: SeedContext, index: number): AccountPlan {
  const { rng, clientType } = clientTypeOf(ctx, index);
  const household = clientType === 'individual';
  const sharesOwnerWithPrevious =
    index % 2 === 1 &&
    household &&
    rng.chance(0.06) &&
    clientTypeOf(ctx, index - 1).clientType === 'individual';

  const place = sharesOwnerWithPrevious ? rng.pick(DACHA_PLACES) : rng.weighted(PLACE_WEIGHTS);
  const inBlock = household && !sharesOwnerWithPrevious && rng.chance(place.apartmentShare);
  const address: Address = {
    place,
    street: rng.pick(place.streets),
    house: String(inBlock ? rng.int(1, 120) : rng.int(1, 160)) + (rng.chance(0.06) ? 'А' : ''),
    building: inBlock && rng.chance(0.12) ? String(rng.int(1, 3)) : null,
    apartment: inBlock ? String(rng.int(1, 180)) : clientType === 'individual' ? null : maybeOffice(rng),
  };
  const postcode = rng.int(place.postcodes[0], place.postcodes[1]);

  const historyStart = monthStart(ctx.asOf, -HISTORY_MONTHS - 1);
  const opened = addDays(historyStart, -rng.int(60, 365 * 18));
  const meter = planMeter(rng, household, opened, historyStart);

  const electricStove = inBlock && rng.chance(0.2);
  const tariff: TariffCategory = !household ? 'business' : place.rural || electricStove ? 'rural' : 'urban';
  const heated = !inBlock && household && rng.chance(0.2);
  let baseKwh: number;
  if (!household) baseKwh = rng.around(2500, 2500, 300, 12_000);
  else if (sharesOwnerWithPrevious) baseKwh = rng.around(90, 70, 20, 300);
  else if (inBlock) baseKwh = rng.around(190, 120, 60, 600);
  else baseKwh = rng.around(330, 200, 100, 900) * (heated ? 2.2 : 1);

  const behaviour = rng.weighted<PaymentBehaviour>(
    household
      ? [
          ['on_time', 62],
          ['late', 14],
          ['rounded', 6],
          ['stopped', 10],
          ['partial', 8],
        ]
      : [
          ['on_time', 75],
          ['late', 15],
          ['stopped', 6],
          ['partial', 4],
        ],
  );
  const paidMonths = behaviour === 'stopped' ? rng.int(2, HISTORY_MONTHS - 1) : HISTORY_MONTHS;
  const paymentMethod = household ? rng.weighted(PAYMENT_METHODS) : 'bank_transfer';
  // Supply is restricted (ограничение) only for households owing for three or more overdue months.
  const overdueUnpaid = behaviour === 'stopped' ? overdueMonthsFrom(ctx, paidMonths) : 0;
  const restricted = household && overdueUnpaid >= 3 && rng.chance(0.5);

  return {
    index,
    clientType,
    sharesOwnerWithPrevious,
    address,
    postcode,
    opened,
    meter,
    tariff,
    baseKwh,
    behaviour,
    paidMonths,
    paymentMethod,
    restricted,
  };
}

function maybeOffice(rng: Random): string | null {
  return rng.chance(0.4) ? `пом. ${rng.int(1, 40)}` : null;
}

function planMeter(rng: Random, household: boolean, opened: LocalDate, historyStart: LocalDate): MeterPlan {
  const zones: readonly TariffZone[] = rng.weighted<readonly TariffZone[]>(
    household
      ? [
          [['single'], 70],
          [['day', 'night'], 25],
          [['peak', 'half_peak', 'night'], 5],
        ]
      : [
          [['single'], 40],
          [['day', 'night'], 30],
          [['peak', 'half_peak', 'night'], 30],
        ],
  );
  // The meter in service now was installed after the account opened and before the history.
  const span = Math.max(0, daysBetween(opened, historyStart) - 40);
  const installed = addDays(opened, rng.int(0, span));
  // Electronic meters are verified every 16 years; some old induction ones every 8 (often overdue).
  const interval = rng.chance(0.1) ? 8 : 16;
  return {
    serial: String(rng.int(1, 9)) + rng.digits(7),
    zones,
    digits: household ? (rng.chance(0.85) ? 6 : 5) : rng.pick([7, 8]),
    monthlyCeilingKwh: household ? 3000 : 50_000,
    installed,
    verifiedUntil: { ...installed, year: installed.year + interval },
  };
}

/** Bills of history months from `paidMonths` on whose due date (the 10th of the next month) has passed. */
function overdueMonthsFrom(ctx: SeedContext, paidMonths: number): number {
  let count = 0;
  for (let m = paidMonths; m < HISTORY_MONTHS; m++) {
    const due = withDay(monthStart(ctx.asOf, m - HISTORY_MONTHS + 1), 10);
    if (compareDates(due, ctx.asOf) < 0) count++;
  }
  return count;
}

function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month, b.day) - Date.UTC(a.year, a.month, a.day)) / 86_400_000);
}
