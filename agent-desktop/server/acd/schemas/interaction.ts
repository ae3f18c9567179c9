import { z } from 'zod';
import { LIVE_CHANNELS, TOPIC_IDS } from '../../../../core/vocabulary/index.ts';
import { queueNameSchema } from './queue.ts';

export const interactionIdSchema = z.uuid('interaction id must be a UUID');

const instantMs = z.number().int().nonnegative();

export const enqueueRequestSchema = z.object({
  id: interactionIdSchema,
  queue: queueNameSchema,
  channel: z.enum(
    LIVE_CHANNELS as [string, ...string[]],
    'channel must be a live channel (phone, telegram, vk, web_chat)',
  ),
  /** 0..9, higher first (companies, vulnerable clients, callbacks). */
  priority: z.number().int().min(0).max(9).default(0),
  /** When it first joined a queue; a re-queued interaction passes it to keep its place. */
  enqueuedAt: instantMs.optional(),
  startedAt: instantMs.optional(),
  callback: z.boolean().default(false),
  topics: z.array(z.enum(TOPIC_IDS)).default([]),
  /** The service that watches its offers ("ivr", "chatbot"). */
  service: z.string().max(32).default(''),
});
export type EnqueueRequestInput = z.input<typeof enqueueRequestSchema>;
export type EnqueueRequest = z.output<typeof enqueueRequestSchema>;
