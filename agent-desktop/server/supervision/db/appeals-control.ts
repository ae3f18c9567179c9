import type { Appeal } from '../../../../core/appeals/index.ts';
import { OPEN_APPEAL_STATES } from '../../../../core/appeals/index.ts';
import { inTransaction, type Pool, type Queryable } from '../../../../core/db/pool.ts';

/** An appeal as the supervisor's control list shows it: no client data, only the work. */
export interface ControlledAppeal {
  id: number;
  regNumber: string;
  channel: string;
  kind: string;
  topics: string[];
  state: string;
  registeredAt: Date;
  deadlineAt: Date;
  /** The next obligation (interim answer, promised full answer, or the deadline). */
  dueAt: Date;
  assignedTo: { id: number; fullName: string } | null;
  department: string | null;
}

export async function describeForControl(db: Queryable, appeals: Appeal[]): Promise<ControlledAppeal[]> {
  if (appeals.length === 0) return [];
  const { rows } = await db.query<{ id: number; department: string | null; full_name: string | null }>(
    `select a.id, a.assigned_department as department, u.full_name
       from appeals a left join users u on u.id = a.assigned_to where a.id = any($1)`,
    [appeals.map((appeal) => appeal.id)],
  );
  const extra = new Map(rows.map((row) => [Number(row.id), row]));
  return appeals.map((appeal) => {
    const more = extra.get(appeal.id);
    return {
      id: appeal.id,
      regNumber: appeal.regNumber,
      channel: appeal.channel,
      kind: appeal.kind,
      topics: appeal.topics,
      state: appeal.state,
      registeredAt: appeal.registeredAt,
      deadlineAt: appeal.deadlineAt,
      dueAt: appeal.dueAt,
      assignedTo:
        appeal.assignedTo !== null ? { id: appeal.assignedTo, fullName: more?.full_name ?? '' } : null,
      department: more?.department ?? null,
    };
  });
}

export type ReassignOutcome =
  | { status: 'reassigned'; appealId: number; userId: number | null; department: string | null }
  | { status: 'not_found' }
  | { status: 'closed'; state: string }
  | { status: 'unknown_user' };

/**
 * Hands an open appeal to another operator and/or department. The appeal keeps its state; the
 * handover is one appeal_events row (who, when, from whom, to whom, why) in the same transaction.
 * Giving only a department keeps the operator unless `userId: null` is given explicitly.
 */
export async function reassignAppeal(
  pool: Pool,
  input: { appealId: number; userId?: number | null; department?: string | null; reason: string },
  by: { userId: number; at: Date },
): Promise<ReassignOutcome> {
  return inTransaction(pool, async (tx) => {
    const { rows } = await tx.query(
      'select id, state, assigned_to, assigned_department from appeals where id = $1 for update',
      [input.appealId],
    );
    const appeal = rows[0];
    if (!appeal) return { status: 'not_found' };
    if (!OPEN_APPEAL_STATES.includes(appeal.state)) return { status: 'closed', state: appeal.state };
    if (input.userId != null) {
      const user = await tx.query(
        `select 1 from users where id = $1 and active and 'operator' = any(roles)`,
        [input.userId],
      );
      if (user.rowCount === 0) return { status: 'unknown_user' };
    }
    const userId = input.userId === undefined ? (appeal.assigned_to as number | null) : input.userId;
    const department =
      input.department === undefined ? (appeal.assigned_department as string | null) : input.department;
    await tx.query('update appeals set assigned_to = $2, assigned_department = $3 where id = $1', [
      input.appealId,
      userId,
      department,
    ]);
    await tx.query(
      `insert into appeal_events (appeal_id, at, state, user_id, note, data) values ($1, $2, $3, $4, $5, $6)`,
      [
        input.appealId,
        by.at,
        appeal.state,
        by.userId,
        input.reason,
        {
          action: 'reassigned',
          from: { userId: appeal.assigned_to, department: appeal.assigned_department },
          to: { userId, department },
        },
      ],
    );
    return { status: 'reassigned', appealId: input.appealId, userId, department };
  });
}

/** Operators a supervisor may hand work to (active accounts with the operator role). */
export async function listOperators(db: Queryable): Promise<{ id: number; fullName: string }[]> {
  const { rows } = await db.query(
    `select id, full_name from users where active and 'operator' = any(roles) order by full_name, id`,
  );
  return rows.map((row) => ({ id: Number(row.id), fullName: row.full_name }));
}
