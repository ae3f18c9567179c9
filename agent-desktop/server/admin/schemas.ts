import { z } from 'zod';
import { ekcScheduleSchema, productionYearSchema } from '../../../core/calendar/index.ts';
import { TOPIC_IDS, USER_ROLES } from '../../../core/vocabulary/index.ts';

export const userIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const fullName = z
  .string({ error: 'Укажите ФИО' })
  .trim()
  .min(3, 'ФИО: не короче 3 символов')
  .max(200, 'ФИО: не длиннее 200 символов');
const roles = z
  .array(z.enum(USER_ROLES, { error: 'Неизвестная роль' }), { error: 'Укажите роли' })
  .min(1, 'Нужна хотя бы одна роль')
  .transform((list) => [...new Set(list)]);
/** The phone the ACD rings for a call offer (users.sip_endpoint), as Asterisk names it. */
const sipEndpoint = z
  .string()
  .regex(/^(PJSIP|SIP|IAX2)\/[A-Za-z0-9_.@-]{1,64}$/, 'Телефон оператора: например PJSIP/1001')
  .nullable();
const chatCapacity = z.number({ error: 'Число одновременных чатов: от 0 до 20' }).int().min(0).max(20);

export const userCreateSchema = z.object({
  login: z
    .string({ error: 'Укажите логин' })
    .trim()
    .regex(/^[a-z0-9._-]{3,40}$/i, 'Логин: 3–40 латинских букв, цифр, точек, дефисов или подчёркиваний'),
  fullName,
  roles,
  sipEndpoint: sipEndpoint.optional(),
  chatCapacity: chatCapacity.default(3),
});

export const userPatchSchema = z
  .object({
    fullName: fullName.optional(),
    roles: roles.optional(),
    sipEndpoint: sipEndpoint.optional(),
    chatCapacity: chatCapacity.optional(),
    active: z.boolean({ error: 'active: да или нет' }).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'Нечего изменять');

export const skillsSchema = z
  .array(
    z.object({
      queue: z.string().regex(/^[a-z0-9_]{1,48}$/, 'Неизвестная очередь'),
      level: z.number().int().min(1, 'Уровень навыка: от 1 до 10').max(10, 'Уровень навыка: от 1 до 10'),
    }),
    { error: 'Укажите навыки списком' },
  )
  .max(50);

export const knowledgeKeySchema = z.object({
  topic: z.enum(TOPIC_IDS, { error: 'Неизвестная тема' }),
  variant: z.enum(['voice', 'text'], { error: 'Вариант: voice или text' }),
});
export const knowledgeBodySchema = z.object({
  body: z.string({ error: 'Введите текст ответа' }).trim().min(1, 'Введите текст ответа').max(4000),
});

export const scheduleSchema = ekcScheduleSchema;
export const yearParamSchema = z.coerce.number().int().min(2000).max(2100);
export const productionYearBodySchema = productionYearSchema;

/** A zod failure as one Russian sentence for the admin (field: message; …). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
