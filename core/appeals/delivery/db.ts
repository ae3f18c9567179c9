import type { Pool, Queryable } from '../../db/pool.ts';
import type { DeliveryChannel, DeliveryPurpose, DeliveryStatus } from './model.ts';

export interface Delivery {
  id: number;
  appealId: number;
  stageEventId: number;
  purpose: DeliveryPurpose;
  channel: string;
  address: string | null;
  title: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  round: number;
  lastError: string | null;
  gatewayRef: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  sentBy: number | null;
}

/** A delivery as the sending worker needs it: with the appeal's number and client. */
export interface ClaimedDelivery extends Delivery {
  channel: DeliveryChannel;
  regNumber: string;
  clientId: number | null;
  accountId: number | null;
}

function toDelivery(row: Record<string, unknown>): Delivery {
  return {
    id: Number(row.id),
    appealId: Number(row.appeal_id),
    stageEventId: Number(row.stage_event_id),
    purpose: row.purpose as DeliveryPurpose,
    channel: row.channel as string,
    address: row.address as string | null,
    title: row.title as string,
    body: row.body as string,
    status: row.status as DeliveryStatus,
    attempts: row.attempts as number,
    round: row.round as number,
    lastError: row.last_error as string | null,
    gatewayRef: row.gateway_ref as string | null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    sentAt: row.sent_at as Date | null,
    sentBy: row.sent_by === null ? null : Number(row.sent_by),
  };
}

export async function insertDelivery(
  tx: Queryable,
  row: Pick<Delivery, 'appealId' | 'stageEventId' | 'purpose' | 'channel' | 'address' | 'title' | 'body'> & {
    status: DeliveryStatus;
    lastError?: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `insert into appeal_deliveries (appeal_id, stage_event_id, purpose, channel, address, title, body, status,
       last_error, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
     on conflict (stage_event_id) do nothing`,
    [
      row.appealId,
      row.stageEventId,
      row.purpose,
      row.channel,
      row.address,
      row.title,
      row.body,
      row.status,
      row.lastError ?? null,
      row.at,
    ],
  );
}

export async function listDeliveries(db: Queryable, appealIds: readonly number[]): Promise<Delivery[]> {
  if (appealIds.length === 0) return [];
  const { rows } = await db.query('select * from appeal_deliveries where appeal_id = any($1) order by id', [
    appealIds,
  ]);
  return rows.map(toDelivery);
}

export async function findDelivery(
  db: Queryable,
  id: number,
  forUpdate = false,
): Promise<Delivery | undefined> {
  const { rows } = await db.query(
    `select * from appeal_deliveries where id = $1${forUpdate ? ' for update' : ''}`,
    [id],
  );
  return rows[0] ? toDelivery(rows[0]) : undefined;
}

/** Queued deliveries (to hand to BullMQ): of one appeal, or every one untouched since `before`. */
export async function listQueued(
  db: Queryable,
  filter: { appealId: number } | { before: Date; channels: readonly string[] },
): Promise<Array<Pick<Delivery, 'id' | 'channel' | 'round'>>> {
  const { rows } =
    'appealId' in filter
      ? await db.query(
          `select id, channel, round from appeal_deliveries where appeal_id = $1 and status = 'queued'`,
          [filter.appealId],
        )
      : await db.query(
          `select id, channel, round from appeal_deliveries
            where status in ('queued', 'sending') and updated_at < $1 and channel = any($2) order by id limit 500`,
          [filter.before, filter.channels],
        );
  return rows.map((row) => ({ id: Number(row.id), channel: row.channel, round: row.round }));
}

/**
 * Takes a delivery for one send attempt. Sent, failed and task deliveries are not taken again:
 * this is what keeps a repeated job (a worker restart, a re-added job) from sending twice.
 */
export async function claimDelivery(pool: Pool, id: number, at: Date): Promise<ClaimedDelivery | undefined> {
  const { rows } = await pool.query(
    `update appeal_deliveries d set status = 'sending', attempts = attempts + 1, updated_at = $2
       from appeals a
      where d.id = $1 and a.id = d.appeal_id and d.status in ('queued', 'sending')
      returning d.*, a.reg_number, a.client_id, a.account_id`,
    [id, at],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...toDelivery(row),
    channel: row.channel as DeliveryChannel,
    regNumber: row.reg_number as string,
    clientId: row.client_id === null ? null : Number(row.client_id),
    accountId: row.account_id === null ? null : Number(row.account_id),
  };
}

/** The result of a send, with its appeal_events row, in the caller's transaction. */
export async function finishDelivery(
  tx: Queryable,
  delivery: Pick<Delivery, 'id' | 'appealId' | 'purpose' | 'channel'>,
  result:
    | { status: 'sent'; at: Date; ref: string | null; note: string | null; userId?: number | null }
    | { status: 'failed'; at: Date; reason: string },
): Promise<void> {
  if (result.status === 'sent') {
    await tx.query(
      `update appeal_deliveries set status = 'sent', sent_at = $2, updated_at = $2, gateway_ref = $3, sent_by = $4,
         last_error = null where id = $1`,
      [delivery.id, result.at, result.ref, result.userId ?? null],
    );
  } else {
    await tx.query(
      `update appeal_deliveries set status = 'failed', updated_at = $2, last_error = $3 where id = $1`,
      [delivery.id, result.at, result.reason],
    );
  }
  await tx.query(
    `insert into appeal_events (appeal_id, at, state, user_id, note, data)
     select id, $2, state, $3, $4, $5 from appeals where id = $1`,
    [
      delivery.appealId,
      result.at,
      result.status === 'sent' ? (result.userId ?? null) : null,
      result.status === 'sent' ? result.note : result.reason,
      {
        action: result.status === 'sent' ? 'answer_sent' : 'answer_failed',
        deliveryId: delivery.id,
        purpose: delivery.purpose,
        channel: delivery.channel,
      },
    ],
  );
}

/** A failed try that will be tried again: back in the queue, with the reason the operator sees. */
export async function requeueAfterFailure(
  db: Queryable,
  id: number,
  at: Date,
  reason: string,
): Promise<void> {
  await db.query(
    `update appeal_deliveries set status = 'queued', updated_at = $2, last_error = $3 where id = $1`,
    [id, at, reason],
  );
}

/** The operator's "try again" after a failure: a new round (a new job). */
export async function startNewRound(db: Queryable, id: number, at: Date): Promise<Delivery | undefined> {
  const { rows } = await db.query(
    `update appeal_deliveries set status = 'queued', round = round + 1, updated_at = $2
      where id = $1 and status = 'failed' returning *`,
    [id, at],
  );
  return rows[0] ? toDelivery(rows[0]) : undefined;
}
