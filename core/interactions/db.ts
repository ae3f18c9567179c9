import type { Queryable } from '../db/pool.ts';
import type { ChannelId, InteractionOutcome, InteractionState, TopicId } from '../vocabulary/index.ts';

export interface Interaction {
  id: string;
  channel: ChannelId;
  direction: 'inbound' | 'outbound';
  externalId: string | null;
  clientId: number | null;
  accountId: number | null;
  contact: string | null;
  topics: TopicId[];
  state: InteractionState;
  outcome: InteractionOutcome | null;
  queue: string | null;
  priority: number;
  agentId: number | null;
  abusive: boolean;
  csat: number | null;
  startedAt: Date;
  queuedAt: Date | null;
  offeredAt: Date | null;
  answeredAt: Date | null;
  talkEndedAt: Date | null;
  wrapUpEndedAt: Date | null;
  closedAt: Date | null;
  recordingId: string | null;
  appealId: number | null;
}

export interface InteractionEvent {
  id: number;
  at: Date;
  kind: string;
  agentId: number | null;
  queue: string | null;
  data: Record<string, unknown>;
}

/** camelCase field → column, for the fields callers may change. */
export const INTERACTION_COLUMNS = {
  clientId: 'client_id',
  accountId: 'account_id',
  contact: 'contact',
  topics: 'topics',
  queue: 'queue',
  priority: 'priority',
  recordingId: 'recording_id',
  appealId: 'appeal_id',
  csat: 'csat',
  abusive: 'abusive',
  state: 'state',
  outcome: 'outcome',
  agentId: 'agent_id',
} as const;

export async function insertInteraction(
  tx: Queryable,
  row: Omit<
    Interaction,
    | 'outcome'
    | 'agentId'
    | 'abusive'
    | 'csat'
    | 'offeredAt'
    | 'answeredAt'
    | 'talkEndedAt'
    | 'wrapUpEndedAt'
    | 'closedAt'
    | 'recordingId'
    | 'appealId'
  >,
): Promise<Interaction> {
  const { rows } = await tx.query(
    `insert into interactions (id, channel, direction, external_id, client_id, account_id, contact, topics, state,
       queue, priority, started_at, queued_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning *`,
    [
      row.id,
      row.channel,
      row.direction,
      row.externalId,
      row.clientId,
      row.accountId,
      row.contact,
      row.topics,
      row.state,
      row.queue,
      row.priority,
      row.startedAt,
      row.queuedAt,
    ],
  );
  return toInteraction(rows[0]);
}

/**
 * Applies field changes and stage timestamps in one statement. `keep-first` timestamps are set
 * only when still empty.
 */
export async function updateInteraction(
  tx: Queryable,
  id: string,
  fields: Partial<Record<keyof typeof INTERACTION_COLUMNS, unknown>>,
  timestamps: Record<string, 'now' | 'keep-first'>,
  now: Date,
): Promise<Interaction> {
  const sets: string[] = [];
  const values: unknown[] = [id];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${INTERACTION_COLUMNS[key as keyof typeof INTERACTION_COLUMNS]} = $${values.length}`);
  }
  if (Object.keys(timestamps).length > 0) values.push(now);
  const nowParam = `$${values.length}::timestamptz`;
  for (const [column, mode] of Object.entries(timestamps)) {
    sets.push(mode === 'now' ? `${column} = ${nowParam}` : `${column} = coalesce(${column}, ${nowParam})`);
  }
  const { rows } = await tx.query(
    `update interactions set ${sets.join(', ')} where id = $1 returning *`,
    values,
  );
  return toInteraction(rows[0]);
}

export async function findInteraction(
  db: Queryable,
  id: string,
  forUpdate = false,
): Promise<Interaction | undefined> {
  const { rows } = await db.query(
    `select * from interactions where id = $1${forUpdate ? ' for update' : ''}`,
    [id],
  );
  return rows[0] ? toInteraction(rows[0]) : undefined;
}

export async function insertInteractionEvent(
  tx: Queryable,
  event: {
    interactionId: string;
    at: Date;
    kind: string;
    agentId?: number | null;
    queue?: string | null;
    data?: object;
  },
): Promise<void> {
  await tx.query(
    'insert into interaction_events (interaction_id, at, kind, agent_id, queue, data) values ($1, $2, $3, $4, $5, $6)',
    [event.interactionId, event.at, event.kind, event.agentId ?? null, event.queue ?? null, event.data ?? {}],
  );
}

export async function listInteractionEvents(
  db: Queryable,
  interactionId: string,
): Promise<InteractionEvent[]> {
  const { rows } = await db.query(
    'select id, at, kind, agent_id, queue, data from interaction_events where interaction_id = $1 order by at, id',
    [interactionId],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    agentId: r.agent_id,
    queue: r.queue,
    data: r.data,
  }));
}

function toInteraction(row: Record<string, unknown>): Interaction {
  return {
    id: row.id as string,
    channel: row.channel as ChannelId,
    direction: row.direction as 'inbound' | 'outbound',
    externalId: row.external_id as string | null,
    clientId: row.client_id as number | null,
    accountId: row.account_id as number | null,
    contact: row.contact as string | null,
    topics: row.topics as TopicId[],
    state: row.state as InteractionState,
    outcome: row.outcome as InteractionOutcome | null,
    queue: row.queue as string | null,
    priority: row.priority as number,
    agentId: row.agent_id as number | null,
    abusive: row.abusive as boolean,
    csat: row.csat as number | null,
    startedAt: row.started_at as Date,
    queuedAt: row.queued_at as Date | null,
    offeredAt: row.offered_at as Date | null,
    answeredAt: row.answered_at as Date | null,
    talkEndedAt: row.talk_ended_at as Date | null,
    wrapUpEndedAt: row.wrap_up_ended_at as Date | null,
    closedAt: row.closed_at as Date | null,
    recordingId: row.recording_id as string | null,
    appealId: row.appeal_id as number | null,
  };
}
