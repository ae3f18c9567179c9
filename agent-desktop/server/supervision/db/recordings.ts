import { DateTime } from 'luxon';
import type { Queryable } from '../../../../core/db/pool.ts';
import { searchRecordings } from '../../../../recordings/db/repository.ts';
import type { RecordingRow } from '../../../../recordings/schemas/recording.ts';
import type { RecordingSearchInput } from '../schemas.ts';

/** A recording as the supervisor's list shows it: numbers and names instead of bare ids. */
export interface RecordingListItem {
  id: string;
  startedAt: Date;
  durationMs: number | null;
  callerNumber: string | null;
  calledNumber: string | null;
  queue: string | null;
  format: string;
  accountNumber: string | null;
  appealRegNumber: string | null;
  operators: { id: number; fullName: string }[];
  interactionId: string | null;
}

export type RecordingSearchOutcome =
  | { status: 'ok'; items: RecordingListItem[]; total: number; page: number; pageSize: number }
  | { status: 'unknown'; field: 'account' | 'appeal' };

const PAGE_SIZE = 50;

/**
 * Search by what a supervisor knows: dates (local days), a phone number, the account number, an
 * operator, the appeal's registration number. Numbers are resolved to ids, then the recordings
 * capability's own search runs (so both searches agree).
 */
export async function findRecordings(
  db: Queryable,
  input: RecordingSearchInput,
  timeZone: string,
): Promise<RecordingSearchOutcome> {
  let accountId: number | undefined;
  let appealId: number | undefined;
  if (input.account) {
    const { rows } = await db.query('select id from accounts where number = $1', [input.account]);
    if (!rows[0]) return { status: 'unknown', field: 'account' };
    accountId = Number(rows[0].id);
  }
  if (input.appeal) {
    const { rows } = await db.query('select id from appeals where reg_number = $1', [input.appeal]);
    if (!rows[0]) return { status: 'unknown', field: 'appeal' };
    appealId = Number(rows[0].id);
  }
  const day = (value: string) => DateTime.fromISO(value, { zone: timeZone }).startOf('day');
  const page = await searchRecordings(db, {
    ...(input.from ? { from: day(input.from).toJSDate() } : {}),
    ...(input.to ? { to: day(input.to).plus({ days: 1 }).toJSDate() } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    ...(accountId ? { accountId } : {}),
    ...(input.agentId ? { agentId: input.agentId } : {}),
    ...(appealId ? { appealId } : {}),
    page: input.page,
    pageSize: PAGE_SIZE,
  });
  return { status: 'ok', ...page, items: await describeRecordings(db, page.items) };
}

export async function describeRecordings(db: Queryable, rows: RecordingRow[]): Promise<RecordingListItem[]> {
  if (rows.length === 0) return [];
  const agentIds = [...new Set(rows.flatMap((row) => row.agent_ids))];
  const [users, accounts, appeals] = await Promise.all([
    db.query('select id, full_name from users where id = any($1)', [agentIds]),
    db.query('select id, number from accounts where id = any($1)', [rows.map((r) => r.account_id)]),
    db.query('select id, reg_number from appeals where id = any($1)', [rows.map((r) => r.appeal_id)]),
  ]);
  const name = new Map(users.rows.map((u) => [Number(u.id), u.full_name as string]));
  const account = new Map(accounts.rows.map((a) => [Number(a.id), a.number as string]));
  const appeal = new Map(appeals.rows.map((a) => [Number(a.id), a.reg_number as string]));
  return rows.map((row) => ({
    id: row.id,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    callerNumber: row.caller_number,
    calledNumber: row.called_number,
    queue: row.queue,
    format: row.format,
    accountNumber: row.account_id ? (account.get(Number(row.account_id)) ?? null) : null,
    appealRegNumber: row.appeal_id ? (appeal.get(Number(row.appeal_id)) ?? null) : null,
    operators: row.agent_ids.map((id) => ({ id, fullName: name.get(id) ?? '' })),
    interactionId: row.interaction_id,
  }));
}

export async function findRecordingRow(db: Queryable, id: string): Promise<RecordingRow | undefined> {
  const { rows } = await db.query<RecordingRow>(
    'select * from recordings where id = $1 and purged_at is null',
    [id],
  );
  return rows[0];
}
