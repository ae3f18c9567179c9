import { z } from 'zod';
import { APPEAL_KINDS, CHANNEL_IDS, NO_ACTION_REASONS, TOPIC_IDS } from '../vocabulary/index.ts';
import { AppealValidationError } from './exceptions.ts';

const id = z.number().int().positive();

export const registerAppealSchema = z.object({
  channel: z.enum(CHANNEL_IDS),
  kind: z.enum(APPEAL_KINDS),
  topics: z.array(z.enum(TOPIC_IDS)).min(1, 'at least one topic').max(18),
  description: z.string().trim().min(1, 'description is empty').max(20_000),
  clientId: id.nullish(),
  accountId: id.nullish(),
  /** Where the client wants the answer (R-APL-5); defaults to the appeal's own channel. */
  replyChannel: z.enum(CHANNEL_IDS).nullish(),
  replyAddress: z.string().trim().min(1).max(500).nullish(),
  /** When a letter arrived (post): its registration deadline counts from here. */
  receivedAt: z.date().nullish(),
  interactionId: z.uuid().nullish(),
  assignedTo: id.nullish(),
  userId: id.nullish(),
});
export type RegisterAppealInput = z.input<typeof registerAppealSchema>;

export const interimAnswerSchema = z.object({
  text: z.string().trim().min(1, 'interim answer text is empty').max(20_000),
  /** R-APL-4: the date by which the full answer will come. */
  fullAnswerDueAt: z.date(),
  userId: id.nullish(),
});
export type InterimAnswerInput = z.input<typeof interimAnswerSchema>;

export const answerSchema = z.object({
  text: z.string().trim().min(1, 'answer text is empty').max(50_000),
  /** The channel used; must be the one the client chose (R-APL-5). Defaults to it. */
  channel: z.enum(CHANNEL_IDS).optional(),
  userId: id.nullish(),
});
export type AnswerInput = z.input<typeof answerSchema>;

export const noActionSchema = z.object({
  reason: z.enum(NO_ACTION_REASONS),
  note: z.string().trim().max(2000).nullish(),
  /** R-APL-7: for `repeated`, the earlier appeal whose answer the client is pointed to. */
  previousAppealId: id.nullish(),
  userId: id.nullish(),
});
export type NoActionInput = z.input<typeof noActionSchema>;

export const stepSchema = z.object({ userId: id.nullish(), note: z.string().trim().max(2000).nullish() });
export type StepInput = z.input<typeof stepSchema>;

/** Parses or throws an AppealValidationError listing every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new AppealValidationError(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`),
  );
}
