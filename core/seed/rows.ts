import { type CopyValue, textArray } from './copy.ts';
import { BinaryCopyWriter } from './copy-binary.ts';
import { formatAddress } from './data/places.ts';
import { type AccountPlan, planAccount, type SeedContext } from './plan-account.ts';
import { type OwnerPlan, planOwner } from './plan-owner.ts';
import { planPayments } from './plan-payments.ts';
import { planCharges, planConsumption, planReadings } from './plan-usage.ts';
import { Random, STREAM } from './prng.ts';
import { formatLocalDate } from './time.ts';

/**
 * COPY rows of each seeded table, generated lazily from the per-account plans. Every id is
 * assigned here (base + position), so children reference parents without a round trip and the
 * server evaluates no sequence per row; the seeder moves the sequences past them afterwards.
 */
export interface IdBases {
  client: number;
  account: number;
  meter: number;
  reading: number;
  charge: number;
  payment: number;
}

/** Account i's client id, filled while the clients are written. */
export type ClientIds = Int32Array;

type Row = readonly CopyValue[];

export const CLIENT_COLUMNS = [
  'id',
  'type',
  'full_name',
  'inn',
  'phones',
  'email',
  'postal_address',
  'preferred_channel',
  'vulnerable',
] as const;

export function* clientRows(
  ctx: SeedContext,
  count: number,
  ids: IdBases,
  clientIds: ClientIds,
): Generator<Row> {
  let next = ids.client;
  for (let i = 0; i < count; i++) {
    const account = planAccount(ctx, i);
    if (account.sharesOwnerWithPrevious) {
      clientIds[i] = clientIds[i - 1]!;
      continue;
    }
    clientIds[i] = ++next;
    const owner = planOwner(ctx, account);
    yield [
      next,
      account.clientType,
      owner.fullName,
      owner.inn,
      textArray(owner.phones),
      owner.email,
      owner.postalAddress,
      owner.preferredChannel,
      owner.vulnerable,
    ];
  }
}

export const CONSENT_COLUMNS = ['client_id', 'channel', 'allowed', 'source'] as const;

export function* consentRows(ctx: SeedContext, count: number, clientIds: ClientIds): Generator<Row> {
  for (let i = 0; i < count; i++) {
    const account = planAccount(ctx, i);
    if (account.sharesOwnerWithPrevious) continue;
    for (const consent of planOwner(ctx, account).consents) {
      yield [clientIds[i]!, consent.channel, consent.allowed, consent.source];
    }
  }
}

export const ACCOUNT_COLUMNS = [
  'id',
  'number',
  'client_id',
  'owner_full_name',
  'area',
  'settlement',
  'street',
  'house',
  'building',
  'apartment',
  'full_address',
  'opened_at',
  'restricted',
] as const;

/** Demo numbers: 19 (Khakassia) + area code + a six-digit serial rising through each area. */
export function* accountRows(
  ctx: SeedContext,
  count: number,
  ids: IdBases,
  clientIds: ClientIds,
): Generator<Row> {
  const areaCounters = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const account = planAccount(ctx, i);
    const owner = ownerOf(ctx, account);
    const { place, street, house, building, apartment } = account.address;
    const counter = areaCounters.get(place.code) ?? 0;
    areaCounters.set(place.code, counter + 1);
    const serial = counter * 3 + new Random(ctx.seed, i, STREAM.number).int(1, 3);
    if (serial > 999_999)
      throw new Error(`too many demo accounts in ${place.settlement} for six-digit serials`);
    yield [
      ids.account + i + 1,
      `19${place.code}${String(serial).padStart(6, '0')}`,
      clientIds[i]!,
      owner.fullName,
      place.area,
      place.settlement,
      street,
      house,
      building,
      apartment,
      formatAddress(account.address),
      formatLocalDate(account.opened),
      account.restricted,
    ];
  }
}

function ownerOf(ctx: SeedContext, account: AccountPlan): OwnerPlan {
  return planOwner(ctx, account.sharesOwnerWithPrevious ? planAccount(ctx, account.index - 1) : account);
}

export const METER_COLUMNS = [
  'id',
  'account_id',
  'serial',
  'zones',
  'digits',
  'monthly_ceiling_kwh',
  'installed_at',
  'verified_until',
] as const;

export function* meterRows(ctx: SeedContext, count: number, ids: IdBases): Generator<Row> {
  for (let i = 0; i < count; i++) {
    const { meter } = planAccount(ctx, i);
    yield [
      ids.meter + i + 1,
      ids.account + i + 1,
      meter.serial,
      textArray(meter.zones),
      meter.digits,
      meter.monthlyCeilingKwh,
      formatLocalDate(meter.installed),
      formatLocalDate(meter.verifiedUntil),
    ];
  }
}

export const READING_COLUMNS = [
  'id',
  'meter_id',
  'zone',
  'value',
  'taken_at',
  'received_at',
  'channel',
  'state',
  'reject_reason',
] as const;

// The three big tables go as binary COPY (see copy-binary.ts): no text parsing on the server.

export function* readingChunks(ctx: SeedContext, count: number, ids: IdBases): Generator<Buffer> {
  const out = new BinaryCopyWriter();
  let id = ids.reading;
  for (let i = 0; i < count; i++) {
    const account = planAccount(ctx, i);
    const meterId = ids.meter + i + 1;
    for (const r of planReadings(ctx, account, planConsumption(ctx, account))) {
      out.row(READING_COLUMNS.length).int8(++id).int8(meterId).text(r.zone, true).numericWhole(r.value);
      out.timestamptz(r.takenAt).timestamptz(r.receivedAt).text(r.channel, true);
      if (r.rejectReason) out.text('rejected', true).text(r.rejectReason, true);
      else out.text('accepted', true).null();
      if (out.full) yield out.take();
    }
  }
  out.finish();
  yield out.take();
}

export const CHARGE_COLUMNS = [
  'id',
  'account_id',
  'period',
  'zone',
  'kwh',
  'tariff_kopecks',
  'amount_kopecks',
  'due_date',
] as const;

export function* chargeChunks(ctx: SeedContext, count: number, ids: IdBases): Generator<Buffer> {
  const out = new BinaryCopyWriter();
  let id = ids.charge;
  for (let i = 0; i < count; i++) {
    const account = planAccount(ctx, i);
    const accountId = ids.account + i + 1;
    for (const c of planCharges(ctx, account, planConsumption(ctx, account))) {
      out.row(CHARGE_COLUMNS.length).int8(++id).int8(accountId).date(c.period).text(c.zone, true);
      out.numericWhole(c.kwh).int4(c.tariffKopecks).int8(c.amountKopecks).date(c.due);
      if (out.full) yield out.take();
    }
  }
  out.finish();
  yield out.take();
}

export const PAYMENT_COLUMNS = [
  'id',
  'account_id',
  'paid_at',
  'credited_at',
  'amount_kopecks',
  'method',
  'reference',
] as const;

export function* paymentChunks(ctx: SeedContext, count: number, ids: IdBases): Generator<Buffer> {
  const out = new BinaryCopyWriter();
  let id = ids.payment;
  for (let i = 0; i < count; i++) {
    const account = planAccount(ctx, i);
    const accountId = ids.account + i + 1;
    const charges = planCharges(ctx, account, planConsumption(ctx, account));
    for (const p of planPayments(ctx, account, charges)) {
      out.row(PAYMENT_COLUMNS.length).int8(++id).int8(accountId).timestamptz(p.paidAt);
      if (p.creditedAt === null) out.null();
      else out.timestamptz(p.creditedAt);
      out.int8(p.amountKopecks).text(p.method, true).text(p.reference);
      if (out.full) yield out.take();
    }
  }
  out.finish();
  yield out.take();
}
