import { z } from 'zod';
import { normalizeAccountNumber } from '../../../core/accounts/account-number.ts';
import { REG_NUMBER_PATTERN } from '../../../core/appeals/index.ts';
import { normalizeRussianPhone } from '../../../core/billing/index.ts';
import { APPEAL_KINDS, CHANNEL_IDS, NO_ACTION_REASONS, TOPIC_IDS } from '../../../core/vocabulary/index.ts';

/** Requests of the records area, with the messages the operator reads (Russian, «Вы»). */

const text = (message: string, max = 200) =>
  z.string({ error: message }).trim().min(1, message).max(max, 'Слишком длинное значение');
const optionalText = (max = 200) => z.string().trim().max(max, 'Слишком длинное значение').optional();
const interactionId = z.uuid('Идентификатор разговора указан неверно').optional();

export const searchSchema = z.discriminatedUnion(
  'by',
  [
    z.object({
      by: z.literal('account'),
      value: z.string({ error: 'Укажите номер лицевого счёта' }).transform((value, ctx) => {
        const number = normalizeAccountNumber(value);
        if (!number) ctx.addIssue({ code: 'custom', message: 'Номер лицевого счёта — 10 цифр' });
        return number ?? '';
      }),
    }),
    z.object({
      by: z.literal('phone'),
      value: z.string({ error: 'Укажите номер телефона' }).transform((value, ctx) => {
        const phone = normalizeRussianPhone(value);
        if (!phone) ctx.addIssue({ code: 'custom', message: 'Укажите российский номер телефона' });
        return phone ?? '';
      }),
    }),
    z.object({
      by: z.literal('surname'),
      value: text('Укажите фамилию', 100).refine((v) => v.length >= 2, 'Фамилия — не короче двух букв'),
    }),
    z.object({
      by: z.literal('address'),
      settlement: text('Укажите населённый пункт'),
      street: optionalText(),
      house: optionalText(),
      apartment: optionalText(),
    }),
  ],
  { error: 'Выберите, как искать: по лицевому счёту, телефону, фамилии или адресу' },
);
export type SearchRequest = z.output<typeof searchSchema>;

export const cardQuerySchema = z.object({ interactionId });

export const identificationSchema = z.discriminatedUnion(
  'check',
  [
    z
      .object({
        check: z.literal('account_or_address'),
        interactionId,
        accountNumber: optionalText(40),
        house: optionalText(20),
        apartment: optionalText(20),
      })
      .refine((said) => said.accountNumber || said.house, {
        message: 'Введите номер лицевого счёта или дом и квартиру, которые назвал клиент',
      }),
    z.object({
      check: z.literal('owner_name'),
      interactionId,
      fullName: text('Введите ФИО, которое назвал клиент'),
    }),
  ],
  { error: 'Укажите, какой пункт проверки отмечается' },
);

const channel = (message: string) => z.enum(CHANNEL_IDS, { error: message });
const kind = z.enum(APPEAL_KINDS, { error: 'Выберите вид обращения' });

export const deadlineQuestionSchema = z.object({ channel: channel('Выберите канал обращения'), kind });

// Answers that go out on paper or by e-mail/SMS cannot be sent without somewhere to send them.
const NEEDS_ADDRESS = new Set(['email', 'sms', 'post']);

export const registerSchema = z
  .object({
    channel: channel('Выберите канал обращения'),
    kind,
    topics: z
      .array(z.enum(TOPIC_IDS, { error: 'Неизвестная тема обращения' }), { error: 'Выберите тему обращения' })
      .min(1, 'Выберите хотя бы одну тему обращения'),
    description: text('Опишите суть обращения', 20_000),
    accountId: z.number().int().positive().optional().nullable(),
    interactionId: interactionId.nullable(),
    replyChannel: channel('Выберите канал ответа').optional().nullable(),
    replyAddress: optionalText(500).nullable(),
  })
  .refine((input) => !NEEDS_ADDRESS.has(input.replyChannel ?? input.channel) || input.replyAddress, {
    message: 'Укажите адрес для ответа (почтовый, электронный или номер для SMS)',
    path: ['replyAddress'],
  });
export type RegisterRequest = z.output<typeof registerSchema>;

export const interimSchema = z.object({
  text: text('Введите текст промежуточного ответа', 20_000),
  fullAnswerDueOn: z
    .string({ error: 'Укажите дату полного ответа' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата полного ответа — в виде ГГГГ-ММ-ДД'),
});

export const answerSchema = z.object({ text: text('Введите текст ответа', 50_000) });

export const noActionSchema = z.object({
  reason: z.enum(NO_ACTION_REASONS, { error: 'Выберите причину, по которой обращение оставлено без ответа' }),
  note: optionalText(2000),
  /** R-APL-7: the earlier answered appeal the client is pointed to, by its registration number. */
  previousRegNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(REG_NUMBER_PATTERN, 'Номер предыдущего обращения — в виде ЕКЦ-ГГГГ-NNNNNN')
    .optional(),
});

/** Parses or returns the problems, each with its field, for a 400 answer. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
): { ok: true; data: z.output<S> } | { ok: false; problems: Array<{ field: string; message: string }> } {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  };
}

/** Path ids: anything but a positive integer names nothing (404, like an id that does not exist). */
export function pathId(value: unknown): number | undefined {
  return typeof value === 'string' && /^[1-9]\d{0,17}$/.test(value) ? Number(value) : undefined;
}

/** "Ответ передан клиенту": how it was given (a call, a letter), in the operator's words. */
export const deliveryDoneSchema = z.object({
  note: text('Укажите, как ответ передан клиенту (например: «сообщён по телефону»)', 500),
});
