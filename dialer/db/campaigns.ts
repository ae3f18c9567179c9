import { recordAudit } from '../../core/audit/index.ts';
import type { Queryable } from '../../core/db/index.ts';
import type { Campaign, CampaignDefinition, CampaignState } from '../schemas/campaign.ts';
import type { CampaignProgress } from '../schemas/campaign-terms.ts';

export type { CampaignProgress };

interface CampaignRow {
  id: number;
  name: string;
  purpose: Campaign['purpose'];
  channels: Campaign['channels'];
  audience: Campaign['audience'];
  templates: Campaign['templates'];
  starts_at: Date;
  ends_at: Date;
  state: CampaignState;
  planned_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const toCampaign = (row: CampaignRow): Campaign => ({
  id: row.id,
  name: row.name,
  purpose: row.purpose,
  channels: row.channels,
  audience: row.audience,
  templates: row.templates,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  state: row.state,
  plannedAt: row.planned_at,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function insertCampaign(
  db: Queryable,
  definition: CampaignDefinition,
  actor: string,
  now: Date,
): Promise<Campaign> {
  const { rows } = await db.query<CampaignRow>(
    `insert into campaigns (name, purpose, channels, audience, templates, starts_at, ends_at, created_by, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning *`,
    [
      definition.name,
      definition.purpose,
      definition.channels,
      definition.audience,
      definition.templates,
      definition.startsAt,
      definition.endsAt,
      actor,
      now,
    ],
  );
  return toCampaign(rows[0]!);
}

export async function updateCampaignDefinition(
  db: Queryable,
  id: number,
  definition: CampaignDefinition,
  now: Date,
): Promise<Campaign> {
  const { rows } = await db.query<CampaignRow>(
    `update campaigns set name = $2, purpose = $3, channels = $4, audience = $5, templates = $6,
            starts_at = $7, ends_at = $8, updated_at = $9
      where id = $1 returning *`,
    [
      id,
      definition.name,
      definition.purpose,
      definition.channels,
      definition.audience,
      definition.templates,
      definition.startsAt,
      definition.endsAt,
      now,
    ],
  );
  return toCampaign(rows[0]!);
}

export async function loadCampaign(db: Queryable, id: number, lock = false): Promise<Campaign | undefined> {
  const { rows } = await db.query<CampaignRow>(
    `select * from campaigns where id = $1${lock ? ' for update' : ''}`,
    [id],
  );
  return rows[0] ? toCampaign(rows[0]) : undefined;
}

/** Moves the state only from `from` (a concurrent change wins, never a lost update). */
export async function setCampaignState(
  db: Queryable,
  id: number,
  from: CampaignState,
  to: CampaignState,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update campaigns set state = $3, updated_at = $4,
            planned_at = case when $3 = 'scheduled' then $4 else planned_at end
      where id = $1 and state = $2`,
    [id, from, to, now],
  );
  return rowCount === 1;
}

/** Who acts: a named service (`service:dialer`, `cli`) or a signed-in user (desktop). */
export type CampaignActor = string | { userId: number; ip?: string | null };

export const actorName = (actor: CampaignActor): string =>
  typeof actor === 'string' ? actor : `user:${actor.userId}`;

/** Every supervisor action and every automatic transition goes to the platform's audit log. */
export function auditCampaign(
  db: Queryable,
  entry: {
    campaignId: number;
    action: string;
    actor: CampaignActor;
    at: Date;
    details?: Record<string, unknown>;
  },
): Promise<number> {
  const user = typeof entry.actor === 'string' ? undefined : entry.actor;
  return recordAudit(db, {
    actor: actorName(entry.actor),
    ...(user ? { userId: user.userId, ip: user.ip ?? null } : {}),
    action: `campaign.${entry.action}`,
    subjectType: 'campaign',
    subjectId: entry.campaignId,
    at: entry.at,
    details: entry.details ?? {},
  });
}

/** The progress counters as SQL over `campaign_contacts` rows (one campaign or grouped). */
const PROGRESS_COLUMNS = `count(*)::int as planned,
            count(*) filter (where state = 'pending')::int as pending,
            count(*) filter (where state = 'in_progress')::int as in_progress,
            count(*) filter (where attempts_total > 0)::int as attempted,
            count(*) filter (where state = 'positive')::int as positive,
            count(*) filter (where state = 'goal_met')::int as goal_met,
            count(*) filter (where state = 'negative')::int as negative,
            count(*) filter (where state = 'opted_out')::int as opted_out,
            count(*) filter (where state = 'unreachable')::int as unreachable,
            count(*) filter (where state = 'stopped')::int as stopped,
            coalesce(sum(attempts_total), 0)::int as attempts`;

const toProgress = (r: Record<string, number>): CampaignProgress => ({
  planned: r.planned ?? 0,
  pending: r.pending ?? 0,
  inProgress: r.in_progress ?? 0,
  attempted: r.attempted ?? 0,
  positive: r.positive ?? 0,
  goalMet: r.goal_met ?? 0,
  negative: r.negative ?? 0,
  optedOut: r.opted_out ?? 0,
  unreachable: r.unreachable ?? 0,
  stopped: r.stopped ?? 0,
  attempts: r.attempts ?? 0,
});

export async function campaignProgress(db: Queryable, id: number): Promise<CampaignProgress> {
  const { rows } = await db.query<Record<string, number>>(
    `select ${PROGRESS_COLUMNS} from campaign_contacts where campaign_id = $1`,
    [id],
  );
  return toProgress(rows[0]!);
}

export interface CampaignListFilter {
  states?: readonly CampaignState[];
  limit: number;
  offset: number;
}

/** Newest first, each with its live progress (one statement: counts per campaign in a lateral). */
export async function listCampaigns(
  db: Queryable,
  filter: CampaignListFilter,
): Promise<{ items: Array<Campaign & { progress: CampaignProgress }>; total: number }> {
  const states = filter.states && filter.states.length > 0 ? filter.states : null;
  const [{ rows }, { rows: totals }] = await Promise.all([
    db.query<CampaignRow & Record<string, number>>(
      `select c.*, p.*
         from campaigns c
         cross join lateral (select ${PROGRESS_COLUMNS} from campaign_contacts where campaign_id = c.id) p
        where $1::text[] is null or c.state = any($1)
        order by c.id desc limit $2 offset $3`,
      [states, filter.limit, filter.offset],
    ),
    db.query<{ total: number }>(
      'select count(*)::int as total from campaigns where $1::text[] is null or state = any($1)',
      [states],
    ),
  ]);
  return {
    items: rows.map((row) => ({ ...toCampaign(row), progress: toProgress(row) })),
    total: totals[0]!.total,
  };
}
