import type { Queryable } from '../../../../core/db/pool.ts';

/** The client's past with the company: conversations, call recordings, readings sent. */

export async function listInteractionsOfClient(
  db: Queryable,
  clientId: number,
  accountId: number,
  limit = 20,
) {
  const { rows } = await db.query(
    `select i.id, i.channel, i.direction, i.started_at, i.state, i.outcome, i.topics, i.queue,
            u.full_name as agent_name, a.reg_number as appeal_number
       from interactions i
       left join users u on u.id = i.agent_id
       left join appeals a on a.id = i.appeal_id
      where i.client_id = $1 or i.account_id = $2
      order by i.started_at desc limit $3`,
    [clientId, accountId, limit],
  );
  return rows.map((row) => ({
    id: row.id as string,
    channel: row.channel as string,
    direction: row.direction as string,
    startedAt: row.started_at as Date,
    state: row.state as string,
    outcome: row.outcome as string | null,
    topics: row.topics as string[],
    queue: row.queue as string | null,
    agentName: row.agent_name as string | null,
    appealNumber: row.appeal_number as string | null,
  }));
}

/** Recordings linked to the account or to any of the client's conversations (purged ones left out). */
export async function listRecordingsOfClient(db: Queryable, clientId: number, accountId: number, limit = 20) {
  const { rows } = await db.query(
    `select r.id, r.started_at, r.duration_ms, r.queue, r.interaction_id
       from recordings r
      where r.purged_at is null
        and (r.account_id = $2 or r.interaction_id in (select id from interactions where client_id = $1))
      order by r.started_at desc limit $3`,
    [clientId, accountId, limit],
  );
  return rows.map((row) => ({
    id: row.id as string,
    startedAt: row.started_at as Date,
    durationMs: row.duration_ms as number | null,
    queue: row.queue as string | null,
    interactionId: row.interaction_id as string | null,
  }));
}

/** The latest readings of the account's meters, rejected ones with their reason. */
export async function listRecentReadings(db: Queryable, accountId: number, limit = 12) {
  const { rows } = await db.query(
    `select m.serial, r.zone, r.value::text as value, r.taken_at, r.channel, r.state, r.reject_reason
       from meter_readings r join meters m on m.id = r.meter_id
      where m.account_id = $1
      order by r.taken_at desc, r.id desc limit $2`,
    [accountId, limit],
  );
  return rows.map((row) => ({
    meterSerial: row.serial as string,
    zone: row.zone as string,
    value: row.value as string | null,
    takenAt: row.taken_at as Date,
    channel: row.channel as string,
    state: row.state as string,
    rejectReason: row.reject_reason as string | null,
  }));
}

/** Appeals an employee owns: every open one and those closed in the last `recentDays`. */
export async function listAppealIdsAssignedTo(db: Queryable, userId: number, now: Date, recentDays = 30) {
  const { rows } = await db.query<{ id: string }>(
    `select id from appeals
      where assigned_to = $1
        and (state in ('registered', 'in_progress', 'interim_answered')
             or registered_at > $2::timestamptz - make_interval(days => $3))
      order by registered_at desc, id desc limit 100`,
    [userId, now, recentDays],
  );
  return rows.map((row) => Number(row.id));
}
