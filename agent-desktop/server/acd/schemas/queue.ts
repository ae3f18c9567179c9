import { z } from 'zod';
import { TOPIC_IDS } from '../../../../core/vocabulary/index.ts';

/** A queue serves one medium: voice (one call per operator) or chat (several per operator). */
export const MEDIA = ['voice', 'chat'] as const;
export type Media = (typeof MEDIA)[number];

/** Who is offered first among ready operators (see commands/includes/agent.lua `agentScore`). */
export const ROUTING_STRATEGIES = ['longest_idle', 'skill_level'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export const queueNameSchema = z
  .string()
  .regex(/^[a-z0-9_]{1,48}$/, 'queue name: 1-48 lowercase letters, digits or "_"');

/** A queue's display title: at most this many characters (acd_queues.title's check, migration 0017). */
export const QUEUE_TITLE_MAX = 80;
const QUEUE_TITLE_LIMIT = `Название очереди — от 1 до ${QUEUE_TITLE_MAX} символов`;

const ms = (what: string) =>
  z.number().int(`${what} must be whole milliseconds`).positive(`${what} must be > 0`);

/** The standard's limits are the defaults: 15 s offer (R-ACD-1), 100 s wait (R-ACD-2), 5 min wrap-up (R-ACD-3). */
export const queueDefinitionSchema = z
  .object({
    name: queueNameSchema,
    /** What people read on their screens (the name is the ACD's id); without it screens show the id. */
    // Russian: the admin screen shows this message as it is.
    title: z
      .string({ error: QUEUE_TITLE_LIMIT })
      .trim()
      .min(1, QUEUE_TITLE_LIMIT)
      .max(QUEUE_TITLE_MAX, QUEUE_TITLE_LIMIT)
      .optional(),
    media: z.enum(MEDIA),
    /** Topics this queue serves; the default queue for a topic is the first that lists it. */
    topics: z.array(z.enum(TOPIC_IDS)).default([]),
    strategy: z.enum(ROUTING_STRATEGIES).default('longest_idle'),
    overflowTo: queueNameSchema.optional(),
    overflowAfterMs: ms('overflowAfterMs').optional(),
    offerTimeoutMs: ms('offerTimeoutMs').default(15_000),
    prealertMs: ms('prealertMs').default(80_000),
    alertMs: ms('alertMs').default(100_000),
    wrapUpMs: ms('wrapUpMs').default(300_000),
    /** Abandons quicker than this are left out of the service level (caller misdialled). */
    shortAbandonMs: z.number().int().nonnegative().default(5_000),
  })
  .refine((q) => (q.overflowTo === undefined) === (q.overflowAfterMs === undefined), {
    message: 'overflowTo and overflowAfterMs go together',
    path: ['overflowTo'],
  })
  .refine((q) => q.overflowTo !== q.name, {
    message: 'a queue cannot overflow to itself',
    path: ['overflowTo'],
  })
  .refine((q) => q.prealertMs < q.alertMs, {
    message: 'prealertMs must be below alertMs',
    path: ['prealertMs'],
  });

export type QueueDefinitionInput = z.input<typeof queueDefinitionSchema>;
export type QueueDefinition = z.output<typeof queueDefinitionSchema>;
