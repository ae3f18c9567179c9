import { z } from 'zod';
import { NOT_READY_REASONS, TOPIC_IDS, WRAP_UP_OUTCOMES } from '../../../core/vocabulary/index.ts';

/** Reasons an operator may pick for a break or a declined offer (a missed offer is the ACD's own). */
export const CHOSEN_REASONS = NOT_READY_REASONS.filter((reason) => reason !== 'missed_offer');

const reason = z.enum(CHOSEN_REASONS as [string, ...string[]], 'Выберите причину из списка');

export const signInSchema = z.object({
  /** Straight to ready (default: not ready with a break, so the operator can look around first). */
  ready: z.boolean('Поле ready должно быть true или false').default(false),
});

export const stateChangeSchema = z
  .object({
    state: z.enum(['ready', 'not_ready', 'offline'], 'Укажите состояние: ready, not_ready или offline'),
    reason: reason.optional(),
  })
  .refine((r) => r.state !== 'not_ready' || r.reason !== undefined, {
    message: 'Укажите причину перерыва',
    path: ['reason'],
  });
export type StateChange = z.infer<typeof stateChangeSchema>;

export const declineSchema = z.object({ reason });

export const wrapUpSchema = z.object({
  outcome: z.enum(WRAP_UP_OUTCOMES, 'Выберите итог обращения'),
});

export const knowledgeQuerySchema = z.object({
  q: z.string().trim().max(200, 'Запрос длиннее 200 символов').default(''),
  topic: z.enum(TOPIC_IDS, 'Нет такой темы').optional(),
});

/** Russian problems of a failed parse, one line. */
export function problems(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.message))].join('; ');
}
