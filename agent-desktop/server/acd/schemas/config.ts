import { z } from 'zod';

/** ACD settings read from the environment (see README, configuration). */
export const acdConfigSchema = z.object({
  /** R-ACD-6: refuse a break that would leave a queue with fewer ready operators, in ЕКЦ hours. */
  ACD_BREAK_RULE: z.enum(['on', 'off']).default('on'),
  ACD_MIN_READY_PER_QUEUE: z.coerce.number().int().min(1).max(100).default(1),
  /** How often each instance sweeps due timers (they live in Redis, any instance may run them). */
  ACD_TIMER_POLL_MS: z.coerce.number().int().min(10).max(5_000).default(200),
  /** Largest batch the PostgreSQL writer takes from the outbox stream at once. */
  ACD_OUTBOX_BATCH: z.coerce.number().int().min(1).max(10_000).default(2_000),
  /**
   * How often the writer drains the outbox. Longer folds more transitions of one interaction
   * into one row update (cheaper) at the price of PostgreSQL lagging Redis that much.
   */
  ACD_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(10).max(10_000).default(250),
});
export type AcdConfig = z.infer<typeof acdConfigSchema>;
