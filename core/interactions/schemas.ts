import { z } from 'zod';
import { CHANNEL_IDS, INTERACTION_OUTCOMES, INTERACTION_STATES, TOPIC_IDS } from '../vocabulary/index.ts';
import { InteractionValidationError } from './exceptions.ts';

const id = z.number().int().positive();

export const openInteractionSchema = z.object({
  /** Callers may bring their own id (e.g. derived from the ARI channel); otherwise a new UUID. */
  id: z.uuid().optional(),
  channel: z.enum(CHANNEL_IDS),
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  /** The channel's own id: ARI channel id, Telegram chat id… */
  externalId: z.string().min(1).max(200).nullish(),
  clientId: id.nullish(),
  accountId: id.nullish(),
  /** Phone number, chat handle or e-mail the contact came from (personal data: never logged). */
  contact: z.string().min(1).max(200).nullish(),
  topics: z.array(z.enum(TOPIC_IDS)).default([]),
  /** Robots start in self_service; a direct line to operators starts queued. */
  state: z.enum(['self_service', 'queued']).default('self_service'),
  queue: z.string().min(1).max(100).nullish(),
  priority: z.number().int().min(-100).max(100).default(0),
});
export type OpenInteractionInput = z.input<typeof openInteractionSchema>;

export const moveSchema = z.object({
  agentId: id.nullish(),
  queue: z.string().min(1).max(100).nullish(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type MoveInput = z.input<typeof moveSchema>;

export const updateInteractionSchema = z
  .object({
    clientId: id.nullable(),
    accountId: id.nullable(),
    contact: z.string().min(1).max(200).nullable(),
    topics: z.array(z.enum(TOPIC_IDS)),
    queue: z.string().min(1).max(100).nullable(),
    priority: z.number().int().min(-100).max(100),
    recordingId: z.string().min(1).max(200).nullable(),
    appealId: id.nullable(),
    csat: z.number().int().min(1).max(5).nullable(),
    abusive: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to update');
export type UpdateInteractionInput = z.input<typeof updateInteractionSchema>;

export const closeInteractionSchema = z.object({
  outcome: z.enum(INTERACTION_OUTCOMES),
  csat: z.number().int().min(1).max(5).nullish(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type CloseInteractionInput = z.input<typeof closeInteractionSchema>;

export const eventSchema = z.object({
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'event kind must look like "ivr.menu" or "offer_timeout"'),
  agentId: id.nullish(),
  queue: z.string().min(1).max(100).nullish(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type InteractionEventInput = z.input<typeof eventSchema>;

export const interactionStateSchema = z.enum(INTERACTION_STATES);

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InteractionValidationError(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`),
  );
}
