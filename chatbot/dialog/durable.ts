import { isDatabaseUnavailable } from '../../core/db/availability.ts';
import type { Pool } from '../../core/db/pool.ts';
import { createInteractionService, InteractionStateError } from '../../core/interactions/index.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { TopicId } from '../../core/vocabulary/index.ts';
import type { DialogDeps } from './deps.ts';
import type { TurnEffects } from './turn.ts';
import type { ChatChannel } from './types.ts';

/**
 * While PostgreSQL is down the chat goes on: what the dialog would have written to the
 * interaction at once travels in the transcript stream instead (the same MULTI as the turn's
 * replies, so it is as durable as the answer) and the transcript writer applies it when the
 * database is back, in the order it happened.
 */

/** An interaction opened without PostgreSQL; its id is already final (derived from the first event). */
export interface DurableOpen {
  id: string;
  channel: ChatChannel;
  chatId: string;
  at: number;
}

type Patch = { topics?: TopicId[]; csat?: number; abusive?: boolean };

/** A change of the interaction that could not reach PostgreSQL. */
export type DurableChange =
  | { op: 'update'; id: string; at: number; patch: Patch }
  | { op: 'close'; id: string; at: number; outcome: 'self_served' | 'appeal_registered' };

/**
 * Applies a change to the interaction now, or — PostgreSQL being unavailable, or the interaction
 * itself still waiting in the stream — queues it in the turn's commit. Other errors are thrown.
 */
export async function changeInteraction(
  deps: DialogDeps,
  t: TurnEffects,
  change: DurableChange,
): Promise<void> {
  if (t.state.pendingOpen?.id === change.id) return t.queueChange(change);
  try {
    if (change.op === 'update') await deps.interactions.update(change.id, change.patch);
    else await deps.interactions.close(change.id, { outcome: change.outcome });
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    deps.logger.warn({ op: change.op }, 'PostgreSQL unavailable: interaction change queued for later');
    t.queueChange(change);
  }
}

/**
 * An interaction opened during an outage is created as soon as PostgreSQL answers again (the
 * writer would do it too, a moment later): from then on its changes, an appeal or a linked
 * account can refer to it directly. One attempt per turn of such a conversation only.
 */
export async function settlePendingOpen(deps: DialogDeps, t: TurnEffects): Promise<void> {
  const open = t.state.pendingOpen;
  if (!open) return;
  try {
    await writeOpens(deps.pool, [open]);
    t.state.pendingOpen = undefined;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
  }
}

/**
 * Creates the interactions opened during an outage (idempotent: an entry read twice, or an
 * interaction the ACD's writer created first, leaves one row and one `opened` event).
 */
export async function writeOpens(pool: Pool, opens: DurableOpen[]): Promise<void> {
  if (opens.length === 0) return;
  const unique = [...new Map(opens.map((open) => [open.id, open])).values()];
  await pool.query(
    `with created as (
       insert into interactions (id, channel, external_id, contact, state, started_at)
       select x.id, x.channel, x.chat, x.chat, 'self_service', to_timestamp(x.at / 1000.0)
         from jsonb_to_recordset($1::jsonb) as x(id uuid, channel text, chat text, at bigint)
       on conflict (id) do update
         set external_id = coalesce(interactions.external_id, excluded.external_id),
             contact = coalesce(interactions.contact, excluded.contact),
             started_at = least(interactions.started_at, excluded.started_at)
       returning id, channel, started_at, (xmax = 0) as inserted
     )
     insert into interaction_events (interaction_id, at, kind, data)
     select id, started_at, 'opened',
            jsonb_build_object('state', 'self_service', 'channel', channel, 'direction', 'inbound', 'durable', true)
       from created where inserted`,
    [
      JSON.stringify(
        unique.map((open) => ({ id: open.id, channel: open.channel, chat: open.chatId, at: open.at })),
      ),
    ],
  );
}

/**
 * Applies queued changes one by one, each as of when it happened. A close found already done (a
 * batch applied again after a failure) is not an error; an unavailable database is thrown, so
 * the batch is tried again.
 */
export async function writeChanges(pool: Pool, changes: DurableChange[], logger: Logger): Promise<void> {
  for (const change of changes) {
    const at = new Date(change.at);
    const interactions = createInteractionService({ pool, clock: { now: () => at, nowMs: () => change.at } });
    try {
      if (change.op === 'update') await interactions.update(change.id, change.patch);
      else await interactions.close(change.id, { outcome: change.outcome });
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      if (!(error instanceof InteractionStateError))
        logger.warn({ err: error, op: change.op }, 'a queued interaction change could not be applied');
    }
  }
}
