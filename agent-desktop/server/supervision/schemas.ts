import { DateTime } from 'luxon';
import { z } from 'zod';
import { REG_NUMBER_PATTERN } from '../../../core/appeals/index.ts';

/** A refused supervision request answers with all its problems at once (a filter form has several). */
export function describeProblems(error: z.ZodError): string {
  return error.issues.map((issue) => issue.message).join('; ');
}

const localDate = z
  .string({ error: 'укажите дату в формате ГГГГ-ММ-ДД' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'дата должна быть в формате ГГГГ-ММ-ДД')
  .refine((value) => DateTime.fromISO(value).isValid, 'такой даты нет в календаре');

/** A report period: whole local days, `from` and `to` both included (as a person reads them). */
export const periodSchema = z
  .object({ from: localDate, to: localDate })
  .refine((p) => p.from <= p.to, { message: 'начало периода позже его конца', path: ['to'] })
  .refine((p) => !(DateTime.fromISO(p.to).diff(DateTime.fromISO(p.from), 'days').days > 366), {
    message: 'период не может быть длиннее года',
    path: ['to'],
  });
export type PeriodInput = z.infer<typeof periodSchema>;

export const REPORT_NAMES = ['appeals', 'sla', 'csat', 'abandoned'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
export const reportNameSchema = z.enum(REPORT_NAMES, { error: 'такого отчёта нет' });

export const reportQuerySchema = periodSchema.and(
  z.object({ format: z.enum(['json', 'csv'], { error: 'формат: json или csv' }).default('json') }),
);

export const appealIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Reassignment: to an operator, to a department, or both — always with a reason. */
export const reassignSchema = z
  .object({
    userId: z.number({ error: 'оператор указан неверно' }).int().positive().nullable().optional(),
    department: z
      .string()
      .trim()
      .min(1, 'название подразделения пустое')
      .max(120, 'название подразделения длиннее 120 символов')
      .nullable()
      .optional(),
    reason: z
      .string({ error: 'укажите причину передачи' })
      .trim()
      .min(3, 'укажите причину передачи')
      .max(500, 'причина длиннее 500 символов'),
  })
  .refine((r) => r.userId != null || r.department != null, {
    message: 'укажите оператора или подразделение',
    path: ['userId'],
  });
export type ReassignInput = z.infer<typeof reassignSchema>;

export const nearDueQuerySchema = z.object({
  hours: z.coerce.number().int().min(1, 'не меньше 1 часа').max(720, 'не больше 30 дней').default(24),
});

/** Recording search as a supervisor types it: the account and appeal by their numbers. */
export const recordingSearchSchema = z.object({
  from: localDate.optional(),
  to: localDate.optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?\d{3,15}$/, 'номер телефона: только цифры, можно с «+» в начале')
    .optional(),
  account: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{1,30}$/, 'номер лицевого счёта: цифры, буквы и «-»')
    .optional(),
  agentId: z.coerce.number().int().positive().optional(),
  appeal: z.string().trim().regex(REG_NUMBER_PATTERN, 'номер обращения вида ЕКЦ-2026-000123').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type RecordingSearchInput = z.infer<typeof recordingSearchSchema>;
