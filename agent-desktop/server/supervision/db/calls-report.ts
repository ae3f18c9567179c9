import type { Queryable } from '../../../../core/db/pool.ts';
import type { Period } from '../services/period.ts';

/**
 * Calls as the ACD wrote them to `interactions` (voice only), bucketed by the ЕКЦ's local day or
 * hour of arrival. Wait = answer (or abandon) instant − arrival in the queue. The queue's own
 * limits apply (acd_queues: alert 100 s, short abandon 5 s by default): a caller who hung up
 * quicker than the short-abandon threshold is counted but left out of the service level, as
 * Asterisk app_queue and the ACD do.
 */
export interface CallBucket {
  /** 'YYYY-MM-DD' for days, '00'…'23' for hours, the queue's name for queues. */
  bucket: string;
  offered: number;
  answered: number;
  abandoned: number;
  abandonedShort: number;
  /** Abandoned after waiting longer than the queue's limit (100 s). */
  abandonedAfterLimit: number;
  averageAbandonWaitMs: number | null;
  /** (answered within limit + abandoned within limit) / (answered + abandoned − short). */
  serviceLevel: number | null;
}

const BUCKET_SQL = {
  day: `to_char(i.queued_at at time zone $3, 'YYYY-MM-DD')`,
  hour: `to_char(i.queued_at at time zone $3, 'HH24')`,
  queue: `coalesce(i.queue, '')`,
} as const;

async function callBuckets(
  db: Queryable,
  period: Period,
  timeZone: string,
  by: keyof typeof BUCKET_SQL,
): Promise<CallBucket[]> {
  const { rows } = await db.query(
    `with calls as (
       select ${BUCKET_SQL[by]} as bucket, i.state, i.answered_at is not null as answered,
              extract(epoch from (coalesce(i.answered_at, i.closed_at) - i.queued_at)) * 1000 as wait_ms,
              coalesce(q.alert_ms, 100000) as limit_ms, coalesce(q.short_abandon_ms, 5000) as short_ms
         from interactions i left join acd_queues q on q.name = i.queue
        where i.channel = 'phone' and i.queued_at >= $1 and i.queued_at < $2)
     select bucket,
            count(*)::int as offered,
            count(*) filter (where answered)::int as answered,
            count(*) filter (where state = 'abandoned')::int as abandoned,
            count(*) filter (where state = 'abandoned' and wait_ms < short_ms)::int as abandoned_short,
            count(*) filter (where state = 'abandoned' and wait_ms > limit_ms)::int as abandoned_after_limit,
            avg(wait_ms) filter (where state = 'abandoned')::float8 as abandon_wait_ms,
            count(*) filter (where (answered or (state = 'abandoned' and wait_ms >= short_ms)) and wait_ms <= limit_ms)::int as in_sl,
            count(*) filter (where answered or (state = 'abandoned' and wait_ms >= short_ms))::int as sl_base
       from calls group by bucket order by bucket`,
    by === 'queue' ? [period.start, period.end] : [period.start, period.end, timeZone],
  );
  return rows.map((row) => ({
    bucket: row.bucket,
    offered: row.offered,
    answered: row.answered,
    abandoned: row.abandoned,
    abandonedShort: row.abandoned_short,
    abandonedAfterLimit: row.abandoned_after_limit,
    averageAbandonWaitMs: row.abandon_wait_ms,
    serviceLevel: row.sl_base > 0 ? row.in_sl / row.sl_base : null,
  }));
}

export interface AbandonedReport {
  from: string;
  to: string;
  days: CallBucket[];
  total: Omit<CallBucket, 'bucket' | 'serviceLevel' | 'averageAbandonWaitMs'> & {
    abandonedShare: number | null;
  };
}

/** Abandoned calls per day of the period (R-QA-2). */
export async function abandonedCalls(
  db: Queryable,
  period: Period,
  timeZone: string,
): Promise<AbandonedReport> {
  const days = await callBuckets(db, period, timeZone, 'day');
  const sum = (field: 'offered' | 'answered' | 'abandoned' | 'abandonedShort' | 'abandonedAfterLimit') =>
    days.reduce((total, day) => total + day[field], 0);
  const offered = sum('offered');
  return {
    from: period.from,
    to: period.to,
    days,
    total: {
      offered,
      answered: sum('answered'),
      abandoned: sum('abandoned'),
      abandonedShort: sum('abandonedShort'),
      abandonedAfterLimit: sum('abandonedAfterLimit'),
      abandonedShare: offered > 0 ? sum('abandoned') / offered : null,
    },
  };
}

/** The wallboard's charts of the day: all 24 local hours, empty ones as zeros. */
export async function callsByHour(db: Queryable, day: Period, timeZone: string): Promise<CallBucket[]> {
  const found = new Map((await callBuckets(db, day, timeZone, 'hour')).map((b) => [b.bucket, b]));
  return Array.from({ length: 24 }, (_, h) => {
    const bucket = String(h).padStart(2, '0');
    return (
      found.get(bucket) ?? {
        bucket,
        offered: 0,
        answered: 0,
        abandoned: 0,
        abandonedShort: 0,
        abandonedAfterLimit: 0,
        averageAbandonWaitMs: null,
        serviceLevel: null,
      }
    );
  });
}

export interface QueueDay extends CallBucket {
  /** Offers taken among offers the operator ended (taken, missed, declined): R-ACD-1, 15 s. */
  offersTakenShare: number | null;
}

/** Today per queue, for the wallboard: the ACD's live counters run since its start, these since midnight. */
export async function callsByQueue(db: Queryable, day: Period): Promise<QueueDay[]> {
  const [calls, offers] = await Promise.all([
    callBuckets(db, day, '', 'queue'),
    db.query<{ queue: string; taken: number; ended: number }>(
      `select e.queue, count(*) filter (where e.kind = 'acd_answered')::int as taken, count(*)::int as ended
         from interaction_events e
        where e.at >= $1 and e.at < $2 and e.queue is not null
          and (e.kind = 'acd_answered' or (e.kind = 'acd_withdrawn' and e.data->>'reason' in ('missed', 'rejected')))
        group by e.queue`,
      [day.start, day.end],
    ),
  ]);
  const taken = new Map(offers.rows.map((row) => [row.queue, row.taken / row.ended]));
  return calls.map((bucket) => ({ ...bucket, offersTakenShare: taken.get(bucket.bucket) ?? null }));
}
