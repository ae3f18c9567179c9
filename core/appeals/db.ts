import type { Queryable } from '../db/pool.ts';
import type { AppealKind, AppealState, ChannelId, NoActionReason, TopicId } from '../vocabulary/index.ts';

export interface Appeal {
  id: number;
  regNumber: string;
  channel: ChannelId;
  kind: AppealKind;
  topics: TopicId[];
  clientId: number | null;
  accountId: number | null;
  replyChannel: ChannelId | null;
  replyAddress: string | null;
  description: string;
  state: AppealState;
  registeredAt: Date;
  receivedAt: Date | null;
  deadlineAt: Date;
  interimDueAt: Date | null;
  interimAnswer: string | null;
  interimAnsweredAt: Date | null;
  fullAnswerDueAt: Date | null;
  answer: string | null;
  answeredAt: Date | null;
  answerChannel: ChannelId | null;
  answerAddress: string | null;
  noActionReason: NoActionReason | null;
  noActionNote: string | null;
  abusive: boolean;
  assignedTo: number | null;
  interactionId: string | null;
  previousAppealId: number | null;
  closedAt: Date | null;
  /** The next date the appeal must meet: interim answer, promised full answer, or the deadline. */
  dueAt: Date;
}

export interface AppealEvent {
  id: number;
  at: Date;
  state: AppealState;
  userId: number | null;
  note: string | null;
  data: Record<string, unknown>;
}

/**
 * The next obligation of an appeal: before an owed interim answer, its date; after an interim
 * answer, the promised full-answer date; otherwise the deadline.
 */
const DUE_AT_SQL = `case
    when state = 'interim_answered' then coalesce(full_answer_due_at, deadline_at)
    when interim_due_at is not null and interim_answered_at is null then least(interim_due_at, deadline_at)
    else deadline_at
  end`;

const SELECT = `select *, ${DUE_AT_SQL} as due_at from appeals`;

const COLUMN: Record<string, string> = {
  state: 'state',
  interimAnswer: 'interim_answer',
  interimAnsweredAt: 'interim_answered_at',
  fullAnswerDueAt: 'full_answer_due_at',
  answer: 'answer',
  answeredAt: 'answered_at',
  answerChannel: 'answer_channel',
  answerAddress: 'answer_address',
  noActionReason: 'no_action_reason',
  noActionNote: 'no_action_note',
  abusive: 'abusive',
  previousAppealId: 'previous_appeal_id',
  closedAt: 'closed_at',
  assignedTo: 'assigned_to',
};
export type AppealChange = Partial<Pick<Appeal, keyof typeof COLUMN & keyof Appeal>>;

export interface NewAppealRow {
  regNumber: string;
  channel: ChannelId;
  kind: AppealKind;
  topics: TopicId[];
  clientId: number | null;
  accountId: number | null;
  replyChannel: ChannelId;
  replyAddress: string | null;
  description: string;
  registeredAt: Date;
  receivedAt: Date | null;
  deadlineAt: Date;
  interimDueAt: Date | null;
  interactionId: string | null;
  assignedTo: number | null;
}

export async function insertAppeal(tx: Queryable, row: NewAppealRow): Promise<Appeal> {
  const { rows } = await tx.query(
    `insert into appeals (reg_number, channel, kind, topics, client_id, account_id, reply_channel, reply_address,
       description, state, registered_at, received_at, deadline_at, interim_due_at, interaction_id, assigned_to)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'registered', $10, $11, $12, $13, $14, $15)
     returning *, ${DUE_AT_SQL} as due_at`,
    [
      row.regNumber,
      row.channel,
      row.kind,
      row.topics,
      row.clientId,
      row.accountId,
      row.replyChannel,
      row.replyAddress,
      row.description,
      row.registeredAt,
      row.receivedAt,
      row.deadlineAt,
      row.interimDueAt,
      row.interactionId,
      row.assignedTo,
    ],
  );
  return toAppeal(rows[0]);
}

export async function updateAppeal(tx: Queryable, id: number, change: AppealChange): Promise<Appeal> {
  const entries = Object.entries(change).filter(([, value]) => value !== undefined);
  const sets = entries.map(([key], index) => `${COLUMN[key]} = $${index + 2}`);
  const { rows } = await tx.query(
    `update appeals set ${sets.join(', ')} where id = $1 returning *, ${DUE_AT_SQL} as due_at`,
    [id, ...entries.map(([, value]) => value)],
  );
  return toAppeal(rows[0]);
}

export async function insertAppealEvent(
  tx: Queryable,
  event: {
    appealId: number;
    at: Date;
    state: AppealState;
    userId: number | null;
    note?: string | null;
    data?: object;
  },
): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    'insert into appeal_events (appeal_id, at, state, user_id, note, data) values ($1, $2, $3, $4, $5, $6) returning id',
    [event.appealId, event.at, event.state, event.userId, event.note ?? null, event.data ?? {}],
  );
  return Number(rows[0]!.id);
}

/** Reads one appeal; `forUpdate` locks it for the rest of the transaction. */
export async function findAppeal(db: Queryable, id: number, forUpdate = false): Promise<Appeal | undefined> {
  const { rows } = await db.query(`${SELECT} where id = $1${forUpdate ? ' for update' : ''}`, [id]);
  return rows[0] ? toAppeal(rows[0]) : undefined;
}

export async function findAppealByRegNumber(db: Queryable, regNumber: string): Promise<Appeal | undefined> {
  const { rows } = await db.query(`${SELECT} where reg_number = $1`, [regNumber]);
  return rows[0] ? toAppeal(rows[0]) : undefined;
}

export async function listAppealsOfClient(db: Queryable, clientId: number, limit: number): Promise<Appeal[]> {
  const { rows } = await db.query(
    `${SELECT} where client_id = $1 order by registered_at desc, id desc limit $2`,
    [clientId, limit],
  );
  return rows.map(toAppeal);
}

/** Open appeals whose next obligation falls in [from, to), soonest first. */
export async function listOpenDueBetween(db: Queryable, from: Date | null, to: Date): Promise<Appeal[]> {
  const { rows } = await db.query(
    `select * from (${SELECT} where state in ('registered', 'in_progress', 'interim_answered')) open
      where ($1::timestamptz is null or due_at >= $1) and due_at < $2
      order by due_at, id`,
    [from, to],
  );
  return rows.map(toAppeal);
}

export async function listAppealEvents(db: Queryable, appealId: number): Promise<AppealEvent[]> {
  const { rows } = await db.query(
    'select id, at, state, user_id, note, data from appeal_events where appeal_id = $1 order by at, id',
    [appealId],
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    state: row.state,
    userId: row.user_id,
    note: row.note,
    data: row.data,
  }));
}

function toAppeal(row: Record<string, unknown>): Appeal {
  return {
    id: row.id as number,
    regNumber: row.reg_number as string,
    channel: row.channel as ChannelId,
    kind: row.kind as AppealKind,
    topics: row.topics as TopicId[],
    clientId: row.client_id as number | null,
    accountId: row.account_id as number | null,
    replyChannel: row.reply_channel as ChannelId | null,
    replyAddress: row.reply_address as string | null,
    description: row.description as string,
    state: row.state as AppealState,
    registeredAt: row.registered_at as Date,
    receivedAt: row.received_at as Date | null,
    deadlineAt: row.deadline_at as Date,
    interimDueAt: row.interim_due_at as Date | null,
    interimAnswer: row.interim_answer as string | null,
    interimAnsweredAt: row.interim_answered_at as Date | null,
    fullAnswerDueAt: row.full_answer_due_at as Date | null,
    answer: row.answer as string | null,
    answeredAt: row.answered_at as Date | null,
    answerChannel: row.answer_channel as ChannelId | null,
    answerAddress: row.answer_address as string | null,
    noActionReason: row.no_action_reason as NoActionReason | null,
    noActionNote: row.no_action_note as string | null,
    abusive: row.abusive as boolean,
    assignedTo: row.assigned_to as number | null,
    interactionId: row.interaction_id as string | null,
    previousAppealId: row.previous_appeal_id as number | null,
    closedAt: row.closed_at as Date | null,
    dueAt: row.due_at as Date,
  };
}
