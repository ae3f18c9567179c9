import { z } from 'zod';
import { invalidParam } from './errors.ts';

const integer = z.string().regex(/^-?\d+$/);

export const messagesSendSchema = z.object({
  peer_id: integer.optional(),
  user_id: integer.optional(),
  peer_ids: z
    .string()
    .regex(/^-?\d+(,-?\d+)*$/)
    .optional(),
  random_id: integer.optional(),
  message: z.string().optional(),
  attachment: z.string().optional(),
  keyboard: z.string().optional(),
  payload: z.string().optional(),
});

export const eventAnswerSchema = z.object({
  event_id: z.string().min(1),
  user_id: integer,
  peer_id: integer,
  event_data: z.string().optional(),
});

export const saveMessagesPhotoSchema = z.object({
  photo: z.string().min(1),
  server: integer.optional(),
  hash: z.string().min(1),
});

/** VK words a bad parameter as "<name> not integer" and a missing one as "<name> is undefined". */
export function parseVk<T extends z.ZodType>(schema: T, params: Record<string, string>): z.output<T> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const field = String(result.error.issues[0]?.path[0] ?? 'params');
  throw invalidParam(params[field] === undefined ? `${field} is undefined` : `${field} not integer`);
}
