import type { Queryable } from '../../../../core/db/pool.ts';
import { isTopicId, TOPICS } from '../../../../core/vocabulary/index.ts';
import type { Period } from '../services/period.ts';

export interface CsatRow {
  key: string;
  label: string;
  rated: number;
  /** Mean score 1–5. */
  average: number;
  /** Share of 4 and 5 ("satisfied"). */
  satisfiedShare: number;
}

export interface CsatReport {
  from: string;
  to: string;
  overall: Omit<CsatRow, 'key' | 'label'> | null;
  byOperator: CsatRow[];
  byTopic: CsatRow[];
}

interface Aggregate {
  key: string | null;
  label: string | null;
  rated: number;
  average: number;
  satisfied: number;
}

const AGGREGATES = `count(*)::int as rated, avg(i.csat)::float8 as average,
  count(*) filter (where i.csat >= 4)::int as satisfied`;

function toRow(a: Aggregate, label: string): CsatRow {
  return {
    key: a.key ?? '',
    label,
    rated: a.rated,
    average: a.average,
    satisfiedShare: a.satisfied / a.rated,
  };
}

/**
 * R-QA-1: the clients' ratings after operator contacts (voice and chat), per operator and per
 * topic, for interactions started in the period. A contact with two topics rates both.
 */
export async function csatReport(db: Queryable, period: Period): Promise<CsatReport> {
  const range = [period.start, period.end];
  const where = 'i.csat is not null and i.started_at >= $1 and i.started_at < $2';
  const [overall, operators, topics] = await Promise.all([
    db.query<Aggregate>(
      `select null as key, null as label, ${AGGREGATES} from interactions i where ${where}`,
      range,
    ),
    db.query<Aggregate>(
      `select i.agent_id::text as key, u.full_name as label, ${AGGREGATES}
         from interactions i join users u on u.id = i.agent_id
        where ${where} group by i.agent_id, u.full_name order by u.full_name, i.agent_id`,
      range,
    ),
    db.query<Aggregate>(
      `select t.topic as key, null as label, ${AGGREGATES}
         from interactions i cross join lateral unnest(i.topics) as t(topic)
        where ${where} group by t.topic order by t.topic`,
      range,
    ),
  ]);
  const all = overall.rows[0]!;
  return {
    from: period.from,
    to: period.to,
    overall: all.rated > 0 ? toRow(all, '') : null,
    byOperator: operators.rows.map((row) => toRow(row, row.label ?? '')),
    byTopic: topics.rows.map((row) =>
      toRow(row, row.key && isTopicId(row.key) ? TOPICS[row.key].labelRu : (row.key ?? '')),
    ),
  };
}
