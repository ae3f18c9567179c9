import { z } from 'zod';
import { loadConfig } from '../config/load.ts';
import { baseConfigSchema } from '../config/schema.ts';
import { defaultEkcSchedule, type EkcSchedule, loadEkcSchedule } from './ekc-schedule.ts';

/** Calendar settings need no database: only the zone and, optionally, the ЕКЦ hours. */
export const calendarConfigSchema = baseConfigSchema.pick({ HOTLINE_TZ: true }).extend({
  /** JSON file with the ЕКЦ operator schedule (see ekcScheduleSchema); default hours otherwise. */
  HOTLINE_EKC_SCHEDULE_FILE: z.string().min(1).optional(),
});
export type CalendarConfig = z.infer<typeof calendarConfigSchema>;

export function loadCalendarConfig(env: NodeJS.ProcessEnv = process.env): {
  timeZone: string;
  schedule: EkcSchedule;
} {
  const config = loadConfig(calendarConfigSchema, env);
  return {
    timeZone: config.HOTLINE_TZ,
    schedule: config.HOTLINE_EKC_SCHEDULE_FILE
      ? loadEkcSchedule(config.HOTLINE_EKC_SCHEDULE_FILE)
      : defaultEkcSchedule(),
  };
}
