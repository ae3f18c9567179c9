import { DateTime } from 'luxon';
import type { Charge, GetBalanceResponse, Payment } from '../../../proto/gen/hotline/billing/v1/billing.ts';
import type { Queryable } from '../../db/index.ts';
import { computeBalance } from '../services/balance.ts';
import type { AccountRef } from './accounts.ts';

interface PaymentRow {
  paid_at: Date;
  credited_at: Date | null;
  amount_kopecks: number;
  method: string;
  reference: string | null;
}

const toPayment = (row: PaymentRow): Payment => ({
  paidAt: row.paid_at,
  creditedAt: row.credited_at ?? undefined,
  amountKopecks: row.amount_kopecks,
  method: row.method,
  reference: row.reference ?? '',
});

/** Payments count from the moment they are made (crediting may lag a day, appendix 3.1). */
export async function getBalance(
  db: Queryable,
  account: AccountRef,
  accountNumber: string,
  now: Date,
): Promise<GetBalanceResponse> {
  const [charges, paid, last] = await Promise.all([
    db.query<{ amount_kopecks: number; due_date: string }>(
      'select amount_kopecks, due_date::text as due_date from charges where account_id = $1',
      [account.id],
    ),
    db.query<{ paid: number }>(
      'select coalesce(sum(amount_kopecks), 0)::bigint as paid from payments where account_id = $1 and paid_at <= $2',
      [account.id, now],
    ),
    db.query<PaymentRow>(
      `select paid_at, credited_at, amount_kopecks, method, reference from payments
        where account_id = $1 and paid_at <= $2 order by paid_at desc, id desc limit 1`,
      [account.id, now],
    ),
  ]);
  const today = DateTime.fromJSDate(now, { zone: account.timeZone }).toISODate() ?? '';
  const figures = computeBalance(
    charges.rows.map((row) => ({ amountKopecks: row.amount_kopecks, dueDate: row.due_date })),
    paid.rows[0]?.paid ?? 0,
    today,
  );
  const lastPayment = last.rows[0];
  return {
    accountNumber,
    asOf: now,
    dueKopecks: figures.dueKopecks,
    overdueKopecks: figures.overdueKopecks,
    advanceKopecks: figures.advanceKopecks,
    nextDueDate: figures.nextDueDate ?? '',
    lastPayment: lastPayment ? toPayment(lastPayment) : undefined,
  };
}

export async function listCharges(
  db: Queryable,
  account: AccountRef,
  range: { fromPeriod: string | null; toPeriod: string | null; limit: number },
): Promise<Charge[]> {
  const { rows } = await db.query<{
    period: string;
    zone: string;
    kwh: string;
    tariff_kopecks: number;
    amount_kopecks: number;
    due_date: string;
  }>(
    `select to_char(period, 'YYYY-MM') as period, zone, kwh::text as kwh, tariff_kopecks, amount_kopecks,
            due_date::text as due_date
       from charges
      where account_id = $1 and ($2::date is null or period >= $2) and ($3::date is null or period <= $3)
      order by period desc, zone
      limit $4`,
    [account.id, range.fromPeriod, range.toPeriod, range.limit],
  );
  return rows.map((row) => ({
    period: row.period,
    zone: row.zone,
    kwh: row.kwh,
    tariffKopecks: row.tariff_kopecks,
    amountKopecks: row.amount_kopecks,
    dueDate: row.due_date,
  }));
}

export async function listPayments(
  db: Queryable,
  account: AccountRef,
  filter: { since?: Date | undefined; limit: number },
): Promise<Payment[]> {
  const { rows } = await db.query<PaymentRow>(
    `select paid_at, credited_at, amount_kopecks, method, reference from payments
      where account_id = $1 and ($2::timestamptz is null or paid_at >= $2)
      order by paid_at desc, id desc limit $3`,
    [account.id, filter.since ?? null, filter.limit],
  );
  return rows.map(toPayment);
}
