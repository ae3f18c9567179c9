import { DateTime } from 'luxon';
import { z } from 'zod';

/** A calendar date without time or zone, `YYYY-MM-DD`. */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date must look like YYYY-MM-DD')
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, 'not a real calendar date');
export type LocalDate = string;

/** `HH:MM`, 00:00–24:00 (24:00 closes a day that works until midnight). */
export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day must look like HH:MM (00:00-24:00)');

const dayOffSchema = z.object({
  date: localDateSchema,
  /** The holiday or weekend day whose rest moved here. */
  from: localDateSchema,
  /** `decree`: an official transfer; `labour-code-112`: a holiday on a weekend moves by law. */
  basis: z.enum(['decree', 'labour-code-112']),
});

/**
 * One year of the Russian production calendar (производственный календарь). Saturdays and
 * Sundays are days off unless listed in `workingWeekendDays`; `holidays` are the public holidays
 * of art. 112 of the Labour Code; `daysOff` are weekdays off because a rest day moved onto them.
 */
export const productionYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    status: z.enum(['decree', 'derived']),
    source: z.string().min(1),
    holidays: z.array(localDateSchema).min(1),
    daysOff: z.array(dayOffSchema),
    workingWeekendDays: z.array(z.object({ date: localDateSchema, basis: z.literal('decree') })),
    shortenedDays: z.array(localDateSchema),
  })
  .superRefine((data, ctx) => {
    const all = [
      ...data.holidays.map((date) => ({ date, field: 'holidays' })),
      ...data.daysOff.map((d) => ({ date: d.date, field: 'daysOff' })),
      ...data.workingWeekendDays.map((d) => ({ date: d.date, field: 'workingWeekendDays' })),
      ...data.shortenedDays.map((date) => ({ date, field: 'shortenedDays' })),
    ];
    for (const { date, field } of all) {
      if (!date.startsWith(`${data.year}-`)) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${date} is not in ${data.year}` });
      }
    }
    const weekday = (date: string) => DateTime.fromISO(date, { zone: 'UTC' }).weekday;
    for (const { date } of data.daysOff) {
      if (weekday(date) > 5) {
        ctx.addIssue({ code: 'custom', path: ['daysOff'], message: `${date} is a weekend day already` });
      }
      if (data.holidays.includes(date)) {
        ctx.addIssue({ code: 'custom', path: ['daysOff'], message: `${date} is already a holiday` });
      }
    }
    for (const { date } of data.workingWeekendDays) {
      if (weekday(date) <= 5) {
        ctx.addIssue({
          code: 'custom',
          path: ['workingWeekendDays'],
          message: `${date} is not a weekend day`,
        });
      }
    }
    const offSet = new Set([...data.holidays, ...data.daysOff.map((d) => d.date)]);
    for (const date of data.shortenedDays) {
      if (offSet.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['shortenedDays'], message: `${date} is a day off` });
      }
    }
    const dates = all.filter((d) => d.field !== 'shortenedDays').map((d) => d.date);
    const workingWeekend = new Set(data.workingWeekendDays.map((d) => d.date));
    if (new Set(dates).size !== dates.length) {
      ctx.addIssue({ code: 'custom', message: 'a date is listed twice (holiday, day off, working weekend)' });
    }
    for (const date of workingWeekend) {
      if (offSet.has(date)) ctx.addIssue({ code: 'custom', message: `${date} is both working and off` });
    }
  });
export type ProductionYear = z.infer<typeof productionYearSchema>;
