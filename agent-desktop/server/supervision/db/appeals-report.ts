import type { Queryable } from '../../../../core/db/pool.ts';
import {
  CHANNEL_IDS,
  CHANNEL_LABEL_RU,
  type ChannelId,
  TOPIC_IDS,
  TOPICS,
} from '../../../../core/vocabulary/index.ts';
import type { Period } from '../services/period.ts';

export interface AppealsByTopicRow {
  /** '' = registered without a topic. */
  topic: string;
  label: string;
  counts: Partial<Record<ChannelId, number>>;
  total: number;
}

export interface AppealsByTopicReport {
  from: string;
  to: string;
  /** Channels that had appeals in the period, in the vocabulary's order. */
  channels: { id: ChannelId; label: string }[];
  rows: AppealsByTopicRow[];
  /** Distinct appeals per channel: an appeal with two topics is one appeal here. */
  totals: { counts: Partial<Record<ChannelId, number>>; total: number };
}

/**
 * The head-office report (R-APL-8, standard 2.2/4.2: "количество и тематика обращений"): appeals
 * registered in the period, topic × channel. Every topic of the list has its row, zeros too, so
 * months compare line by line; an appeal with several topics counts once under each of them.
 */
export async function appealsByTopicAndChannel(db: Queryable, period: Period): Promise<AppealsByTopicReport> {
  const [cells, totals] = await Promise.all([
    db.query<{ topic: string; channel: ChannelId; n: number }>(
      `select t.topic, a.channel, count(*)::int as n
         from appeals a
         cross join lateral unnest(case when cardinality(a.topics) = 0 then array['']::text[] else a.topics end) as t(topic)
        where a.registered_at >= $1 and a.registered_at < $2
        group by t.topic, a.channel`,
      [period.start, period.end],
    ),
    db.query<{ channel: ChannelId; n: number }>(
      `select channel, count(*)::int as n from appeals
        where registered_at >= $1 and registered_at < $2 group by channel`,
      [period.start, period.end],
    ),
  ]);
  const present = new Set(totals.rows.map((row) => row.channel));
  const channels = CHANNEL_IDS.filter((id) => present.has(id)).map((id) => ({
    id,
    label: CHANNEL_LABEL_RU[id],
  }));
  const rows = new Map<string, AppealsByTopicRow>(
    TOPIC_IDS.map((topic) => [topic, { topic, label: TOPICS[topic].labelRu, counts: {}, total: 0 }]),
  );
  for (const cell of cells.rows) {
    let row = rows.get(cell.topic);
    if (!row) {
      row = { topic: cell.topic, label: cell.topic ? cell.topic : 'Без темы', counts: {}, total: 0 };
      rows.set(cell.topic, row);
    }
    row.counts[cell.channel] = cell.n;
    row.total += cell.n;
  }
  const totalCounts: Partial<Record<ChannelId, number>> = {};
  for (const row of totals.rows) totalCounts[row.channel] = row.n;
  return {
    from: period.from,
    to: period.to,
    channels,
    rows: [...rows.values()],
    totals: { counts: totalCounts, total: totals.rows.reduce((sum, row) => sum + row.n, 0) },
  };
}
