import { z } from 'zod';
import { normalizeAccountNumber } from '../accounts/account-number.ts';
import { CHANNEL_IDS, TARIFF_ZONES } from '../vocabulary/index.ts';
import { invalidArgument } from './errors.ts';
import { normalizeRussianPhone } from './services/lookup.ts';

/**
 * Requests as they arrive (decoded protobuf: absent strings are "", absent numbers 0) checked
 * and normalised before anything reaches SQL. Messages never echo the values: they may be
 * personal data and may end up in a caller's log.
 */

const accountNumber = z.string().transform((value, ctx) => {
  const normalized = normalizeAccountNumber(value);
  if (normalized === null) ctx.addIssue({ code: 'custom', message: 'account_number must be 10 digits' });
  return normalized ?? '';
});

const phone = z.string().transform((value, ctx) => {
  const normalized = normalizeRussianPhone(value);
  if (normalized === null) {
    ctx.addIssue({
      code: 'custom',
      message: 'phone must be a Russian phone number (10 digits after +7 or 8)',
    });
  }
  return normalized ?? '';
});

const required = (field: string) =>
  z.string().trim().min(1, `${field} is required`).max(200, `${field} is too long`);
const optionalText = (field: string) => z.string().trim().max(200, `${field} is too long`);

const limit = (fallback: number, max: number) =>
  z
    .number()
    .int()
    .min(0, 'limit must not be negative')
    .transform((value) => (value === 0 ? fallback : Math.min(value, max)));

const period = z
  .string()
  .regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, 'periods are "YYYY-MM"')
  .transform((value) => (value === '' ? null : `${value}-01`));

export const addressQuerySchema = z.object({
  settlement: required('address.settlement'),
  street: optionalText('address.street'),
  house: optionalText('address.house'),
  apartment: optionalText('address.apartment'),
});

export const findAccountsSchema = z.object({
  query: z.discriminatedUnion(
    '$case',
    [
      z.object({ $case: z.literal('accountNumber'), value: accountNumber }),
      z.object({ $case: z.literal('phone'), value: phone }),
      z.object({ $case: z.literal('address'), value: addressQuerySchema }),
    ],
    { error: 'one of account_number, phone or address is required' },
  ),
  limit: limit(20, 100),
});

export const accountRequestSchema = z.object({ accountNumber });

export const listChargesSchema = z
  .object({ accountNumber, fromPeriod: period, toPeriod: period, limit: limit(24, 240) })
  .refine((r) => r.fromPeriod === null || r.toPeriod === null || r.fromPeriod <= r.toPeriod, {
    message: 'from_period must not be after to_period',
  });

export const listPaymentsSchema = z.object({
  accountNumber,
  since: z.date().optional(),
  limit: limit(24, 240),
});

export const submitMeterReadingSchema = z.object({
  accountNumber,
  meterSerial: required('meter_serial'),
  values: z
    .array(
      z.object({
        zone: z.enum(TARIFF_ZONES, { error: `zone must be one of ${TARIFF_ZONES.join(', ')}` }),
        // The content is judged by the reading rules (a rejection, not an error); only the size is
        // bounded here, so what is recorded stays reasonable.
        value: z.string().max(64, 'a value is at most 64 characters'),
      }),
    )
    .min(1, 'at least one zone value is required')
    .max(3, 'a meter has at most three zones')
    .refine((values) => new Set(values.map((v) => v.zone)).size === values.length, {
      message: 'each zone at most once',
    }),
  takenAt: z.date().optional(),
  channel: z.enum(CHANNEL_IDS, { error: 'channel must be a channel id of core/vocabulary' }),
  interactionId: z.union([z.literal(''), z.uuid('interaction_id must be a UUID')]),
});

export const listOutagesSchema = z.object({
  settlement: required('settlement'),
  street: optionalText('street'),
});

/** Parses with `schema` or throws BillingError invalid_argument listing every problem. */
export function parseRequest<S extends z.ZodType>(schema: S, request: unknown): z.output<S> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  throw invalidArgument(result.error.issues.map((issue) => issue.message).join('; '));
}
