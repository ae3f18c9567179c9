import { randomUUID } from 'node:crypto';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { type Clock, systemClock } from '../lifecycle/clock.ts';
import type { InteractionState } from '../vocabulary/index.ts';
import {
  findInteraction,
  type Interaction,
  type InteractionEvent,
  insertInteraction,
  insertInteractionEvent,
  listInteractionEvents,
  updateInteraction,
} from './db.ts';
import { InteractionNotFoundError, InteractionStateError, InteractionValidationError } from './exceptions.ts';
import {
  type CloseInteractionInput,
  closeInteractionSchema,
  eventSchema,
  type InteractionEventInput,
  interactionStateSchema,
  type MoveInput,
  moveSchema,
  type OpenInteractionInput,
  openInteractionSchema,
  parseInput,
  type UpdateInteractionInput,
  updateInteractionSchema,
} from './schemas.ts';
import { canMoveInteraction, stageTimestamps } from './stages.ts';

/** States an agent is attached to: an offer names the agent, connecting keeps it. */
const AGENT_STATES: readonly InteractionState[] = ['offered', 'connected'];

/**
 * One call or chat in the `interactions` table with every stage appended to
 * `interaction_events`. The IVR, chatbot and ACD drive it; each call is one transaction.
 */
export function createInteractionService(options: { pool: Pool; clock?: Clock }) {
  const { pool } = options;
  const clock = options.clock ?? systemClock;

  async function locked<T>(id: string, work: (current: Interaction, tx: PoolClient) => Promise<T>) {
    return guardReferences(() =>
      inTransaction(pool, async (tx) => {
        const current = await findInteraction(tx, id, true);
        if (!current) throw new InteractionNotFoundError(id);
        return work(current, tx);
      }),
    );
  }

  async function move(
    id: string,
    to: InteractionState,
    input: MoveInput,
    extra: Partial<Record<'outcome' | 'csat', unknown>> = {},
  ) {
    const data = parseInput(moveSchema, input);
    return locked(id, async (current, tx) => {
      if (!canMoveInteraction(current.state, to)) {
        throw new InteractionStateError(`interaction ${id} is ${current.state}; it cannot become ${to}`);
      }
      const now = clock.now();
      const agentId = AGENT_STATES.includes(to) ? (data.agentId ?? current.agentId) : undefined;
      if (AGENT_STATES.includes(to) && agentId == null) {
        throw new InteractionValidationError([`agentId: required to become ${to}`]);
      }
      const updated = await updateInteraction(
        tx,
        id,
        { state: to, agentId, queue: data.queue ?? undefined, ...extra },
        stageTimestamps(current.state, to),
        now,
      );
      await insertInteractionEvent(tx, {
        interactionId: id,
        at: now,
        kind: to,
        agentId: agentId ?? current.agentId,
        queue: data.queue ?? current.queue,
        data: { from: current.state, ...data.data },
      });
      return updated;
    });
  }

  return {
    async open(input: OpenInteractionInput): Promise<Interaction> {
      const data = parseInput(openInteractionSchema, input);
      const now = clock.now();
      return guardReferences(() =>
        inTransaction(pool, async (tx) => {
          const interaction = await insertInteraction(tx, {
            id: data.id ?? randomUUID(),
            channel: data.channel,
            direction: data.direction,
            externalId: data.externalId ?? null,
            clientId: data.clientId ?? null,
            accountId: data.accountId ?? null,
            contact: data.contact ?? null,
            topics: [...new Set(data.topics)],
            state: data.state,
            queue: data.queue ?? null,
            priority: data.priority,
            startedAt: now,
            queuedAt: data.state === 'queued' ? now : null,
          });
          await insertInteractionEvent(tx, {
            interactionId: interaction.id,
            at: now,
            kind: 'opened',
            queue: interaction.queue,
            data: { state: data.state, channel: data.channel, direction: data.direction },
          });
          return interaction;
        }),
      );
    },

    /** A stage change (queued, offered, connected, wrap_up, self_service). */
    async moveTo(id: string, state: InteractionState, input: MoveInput = {}): Promise<Interaction> {
      const to = parseInput(interactionStateSchema, state);
      if (to === 'closed' || to === 'abandoned') {
        throw new InteractionValidationError([`state: use close() or abandon() to become ${to}`]);
      }
      return move(id, to, input);
    },

    /** Identification, topics, recording, CSAT…; the event lists which fields changed, not their values. */
    async update(id: string, patch: UpdateInteractionInput): Promise<Interaction> {
      const data = parseInput(updateInteractionSchema, patch);
      return locked(id, async (current, tx) => {
        const now = clock.now();
        const fields = { ...data, topics: data.topics ? [...new Set(data.topics)] : undefined };
        const updated = await updateInteraction(tx, id, fields, {}, now);
        await insertInteractionEvent(tx, {
          interactionId: id,
          at: now,
          kind: 'updated',
          agentId: current.agentId,
          data: { fields: Object.keys(data).sort() },
        });
        return updated;
      });
    },

    async close(id: string, input: CloseInteractionInput): Promise<Interaction> {
      const data = parseInput(closeInteractionSchema, input);
      if (data.outcome === 'abandoned')
        return move(id, 'abandoned', { data: data.data }, { outcome: 'abandoned' });
      return move(
        id,
        'closed',
        { data: { outcome: data.outcome, ...data.data } },
        { outcome: data.outcome, csat: data.csat ?? undefined },
      );
    },

    /** The client hung up or left the chat before being served. */
    async abandon(id: string, input: { data?: Record<string, unknown> } = {}): Promise<Interaction> {
      return move(id, 'abandoned', { data: input.data }, { outcome: 'abandoned' });
    },

    /** Any other stage worth keeping (IVR menu choice, offer timeout, hold…). */
    async appendEvent(id: string, input: InteractionEventInput): Promise<void> {
      const data = parseInput(eventSchema, input);
      return locked(id, async (_current, tx) => {
        await insertInteractionEvent(tx, { interactionId: id, at: clock.now(), ...data });
      });
    },

    async get(id: string): Promise<Interaction> {
      const interaction = await findInteraction(pool, id);
      if (!interaction) throw new InteractionNotFoundError(id);
      return interaction;
    },

    events: (id: string): Promise<InteractionEvent[]> => listInteractionEvents(pool, id),
  };
}
export type InteractionService = ReturnType<typeof createInteractionService>;

async function guardReferences<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const pgError = error as { code?: string; constraint?: string };
    if (pgError.code === '23503') {
      throw new InteractionValidationError([
        `a referenced record does not exist (${pgError.constraint ?? 'foreign key'})`,
      ]);
    }
    if (pgError.code === '23505')
      throw new InteractionValidationError(['id: an interaction with this id exists']);
    throw error;
  }
}
