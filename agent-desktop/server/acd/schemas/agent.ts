import { z } from 'zod';
import { NOT_READY_REASONS } from '../../../../core/vocabulary/index.ts';
import { queueNameSchema } from './queue.ts';

/** Operators are users (users.id), so their ids join PostgreSQL rows. */
export const agentIdSchema = z.string().regex(/^[1-9]\d{0,17}$/, 'agent id must be a users.id (digits)');

/** What an operator may choose; offered/busy/wrap_up are set by routing itself. */
export const CHOSEN_PRESENCES = ['ready', 'not_ready', 'offline'] as const;
export type Presence = (typeof CHOSEN_PRESENCES)[number];

export const skillSchema = z.object({
  queue: queueNameSchema,
  /** 1..10; used by the skill_level strategy. */
  level: z.number().int().min(1).max(10).default(5),
});

export const setStateRequestSchema = z
  .object({
    agentId: agentIdSchema,
    state: z.enum(CHOSEN_PRESENCES),
    reason: z.enum(NOT_READY_REASONS).optional(),
  })
  .refine((r) => (r.state === 'not_ready') === (r.reason !== undefined), {
    message: 'a reason is required for not_ready and only for it',
    path: ['reason'],
  });
export type SetStateRequest = z.infer<typeof setStateRequestSchema>;

export const loginRequestSchema = z.object({
  agentId: agentIdSchema,
  skills: z.array(skillSchema).min(1, 'an operator needs at least one queue'),
  chatCapacity: z.number().int().min(0).max(20).default(3),
  state: z.enum(['ready', 'not_ready']).default('not_ready'),
  reason: z.enum(NOT_READY_REASONS).default('break'),
});
export type LoginRequestInput = z.input<typeof loginRequestSchema>;
