import { z } from 'zod';

export const WEB_TEXT_LIMIT = 4096;

/** A web-chat session id: made by the widget (crypto.randomUUID) and kept in localStorage. */
export const sessionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{16,64}$/, 'session must be 16-64 letters, digits or "-"');

/** What the widget sends over the WebSocket. `id` is the widget's message id (resent on reconnect). */
export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    id: z.string().min(1).max(64),
    text: z
      .string()
      .trim()
      .min(1, 'the message is empty')
      .max(WEB_TEXT_LIMIT, `the message is longer than ${WEB_TEXT_LIMIT} characters`),
  }),
  z.object({ type: z.literal('button'), id: z.string().min(1).max(64), data: z.string().min(1).max(64) }),
  /** After a reconnect: the messages after `after` are sent again. */
  z.object({ type: z.literal('resume'), after: z.number().int().nonnegative() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

/** What the server sends: a bot/operator message with its sequence number, or a problem. */
export type ServerFrame =
  | { type: 'message'; seq: number; text: string; buttons?: Array<Array<{ label: string; data: string }>> }
  | { type: 'ack'; id: string; duplicate: boolean }
  | { type: 'error'; message: string };
