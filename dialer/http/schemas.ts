import { z } from 'zod';
import { CAMPAIGN_STATES, CONTACT_STATES } from '../schemas/campaign.ts';

/** Request shapes of the supervisor API; messages are shown to the supervisor as they are. */

export const campaignIdSchema = z.coerce
  .number({ error: 'Некорректный номер кампании' })
  .int({ error: 'Некорректный номер кампании' })
  .positive({ error: 'Некорректный номер кампании' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'Некорректный номер кампании' });

const page = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1, { error: `Размер страницы — от 1 до ${max}` })
    .max(max, { error: `Размер страницы — от 1 до ${max}` })
    .default(fallback);

/** `?state=running,paused&limit=50&offset=0` */
export const listQuerySchema = z.object({
  state: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((s) => s.trim()) : undefined))
    .pipe(z.array(z.enum(CAMPAIGN_STATES, { error: 'Неизвестное состояние кампании' })).optional()),
  limit: page(200, 50),
  offset: z.coerce.number().int().min(0, { error: 'Смещение не может быть отрицательным' }).default(0),
});

/** `?after=<contact id>&limit=100&state=negative&account=1900000001` */
export const historyQuerySchema = z.object({
  after: z.coerce.number().int().min(0, { error: 'Некорректное значение after' }).default(0),
  limit: page(500, 100),
  state: z.enum(CONTACT_STATES, { error: 'Неизвестное состояние контакта' }).optional(),
  account: z
    .string()
    .regex(/^\d{6,20}$/, { error: 'Лицевой счёт — от 6 до 20 цифр' })
    .optional(),
});

const sampleValuesSchema = z
  .object({
    account: z.string().min(1).max(20),
    amountKopecks: z.number().int().min(0).max(10_000_000_000),
    dueDate: z.string().min(1).max(10),
    date: z.string().min(1).max(10),
    address: z.string().min(1).max(100),
  })
  .partial()
  .strict();

/** Preview of a saved campaign: a named account, or explicit values, or neither (its audience). */
export const previewBodySchema = z
  .object({
    account: z
      .string()
      .regex(/^\d{6,20}$/, { error: 'Лицевой счёт — от 6 до 20 цифр' })
      .optional(),
    sample: sampleValuesSchema.optional(),
  })
  .strict();

/** Preview of a definition not saved yet (validated like a create). */
export const draftPreviewBodySchema = z
  .object({ campaign: z.unknown(), sample: sampleValuesSchema.optional() })
  .strict();

/** The audience file: the body as text/csv, or JSON `{ "csv": "..." }`. */
export const csvJsonBodySchema = z.object({ csv: z.string({ error: 'Нужен файл CSV (поле csv)' }) });
