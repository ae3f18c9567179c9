import type { Queryable } from '../../../../core/db/pool.ts';
import { LIVE_CHANNELS } from '../../../../core/vocabulary/index.ts';
import { type AcdWorkingTime, chatDeadlines } from '../../acd/services/working-time.ts';
import type { Period } from '../services/period.ts';

/** The standard's limits the SLA report measures against. */
export const SLA_LIMITS = {
  /** R-ACD-1: an offered call is answered within 15 s. */
  offerMs: 15_000,
  /** R-ACD-2: a caller waits no more than 100 s. */
  waitMs: 100_000,
  /** R-ACD-5: an operator's first chat answer within 15 minutes. */
  chatFirstAnswerMs: 15 * 60_000,
} as const;

export type SlaMeasure = 'offer_15s' | 'wait_100s' | 'chat_15min' | 'appeal_deadline';

export interface SlaRow {
  measure: SlaMeasure;
  label: string;
  target: string;
  total: number;
  met: number;
  /** met / total; null when there was nothing to measure. */
  share: number | null;
}

export interface SlaReport {
  from: string;
  to: string;
  rows: SlaRow[];
  /** Mean wait of answered calls (ms), null without answered calls. */
  averageWaitMs: number | null;
}

const CHAT_CHANNELS = LIVE_CHANNELS.filter((channel) => channel !== 'phone');

/**
 * SLA compliance over a period (R-QA-2), from the stages the ACD wrote (interaction_events):
 * - 15 s: call offers taken among offers that ended (taken, missed, declined) — as the ACD counts;
 * - 100 s: answered calls whose wait from arrival was at most 100 s;
 * - chat 15 min: chats whose first operator answer came by the ACD's own deadline — 15 minutes of
 *   ЕКЦ time (a chat arriving while the ЕКЦ is closed is counted from the opening), as the live
 *   alert counts it;
 * - appeal deadlines: appeals due in the period (and already due) answered or closed by then.
 * A limit is kept when exactly reached ("не позднее 15 секунд", "не более 100 секунд").
 */
export async function slaCompliance(
  db: Queryable,
  period: Period,
  now: Date,
  workingTime: AcdWorkingTime,
): Promise<SlaReport> {
  const range = [period.start, period.end];
  const [voice, chat, appeals] = await Promise.all([
    db.query<{ offers: number; taken: number; answered: number; in_wait: number; wait_ms: number | null }>(
      `select count(*) filter (where e.kind = 'acd_answered'
                                  or (e.kind = 'acd_withdrawn' and e.data->>'reason' in ('missed', 'rejected')))::int as offers,
              count(*) filter (where e.kind = 'acd_answered' and (e.data->>'offerMs')::bigint <= $3)::int as taken,
              count(*) filter (where e.kind = 'acd_answered')::int as answered,
              count(*) filter (where e.kind = 'acd_answered' and (e.data->>'waitedMs')::bigint <= $4)::int as in_wait,
              avg((e.data->>'waitedMs')::bigint) filter (where e.kind = 'acd_answered')::float8 as wait_ms
         from interaction_events e join interactions i on i.id = e.interaction_id
        where i.channel = 'phone' and e.at >= $1 and e.at < $2
          and e.kind in ('acd_answered', 'acd_withdrawn')`,
      [...range, SLA_LIMITS.offerMs, SLA_LIMITS.waitMs],
    ),
    db.query<{ channel: string; at: Date; after_ms: number }>(
      `select i.channel, e.at, (e.data->>'afterMs')::bigint as after_ms
         from interaction_events e join interactions i on i.id = e.interaction_id
        where i.channel = any($3) and e.kind = 'acd_first_answer' and e.at >= $1 and e.at < $2`,
      [...range, CHAT_CHANNELS],
    ),
    db.query<{ total: number; met: number }>(
      `select count(*)::int as total, count(*) filter (where done.at is not null and done.at <= a.deadline_at)::int as met
         from appeals a
         left join lateral (
           select coalesce(a.answered_at, min(ev.at)) as at from appeal_events ev
            where ev.appeal_id = a.id and ev.state in ('answered', 'no_action')
         ) done on true
        where a.deadline_at >= $1 and a.deadline_at < $2 and a.deadline_at <= $3`,
      [...range, now],
    ),
  ]);
  const v = voice.rows[0]!;
  const chatMet = chat.rows.filter((row) => {
    const answeredAt = row.at.getTime();
    const due = chatDeadlines(workingTime, row.channel, answeredAt - Number(row.after_ms)).firstAnswerDue;
    return answeredAt <= due;
  }).length;
  const row = (measure: SlaMeasure, label: string, target: string, total: number, met: number): SlaRow => ({
    measure,
    label,
    target,
    total,
    met,
    share: total > 0 ? met / total : null,
  });
  return {
    from: period.from,
    to: period.to,
    averageWaitMs: v.wait_ms,
    rows: [
      row('offer_15s', 'Ответ оператора на вызов', 'не позднее 15 с', v.offers, v.taken),
      row('wait_100s', 'Ожидание ответа оператора', 'не более 100 с', v.answered, v.in_wait),
      row('chat_15min', 'Первый ответ в чате', 'в течение 15 мин', chat.rows.length, chatMet),
      row(
        'appeal_deadline',
        'Ответ на обращение в срок',
        'срок по Стандарту',
        appeals.rows[0]!.total,
        appeals.rows[0]!.met,
      ),
    ],
  };
}
