import type { Queryable } from '../db/index.ts';
import { type EkcSchedule, ekcScheduleSchema, installEkcSchedule } from './ekc-schedule.ts';
import { CalendarError } from './errors.ts';
import {
  installProductionCalendar,
  loadProductionCalendar,
  ProductionCalendar,
} from './production-calendar.ts';
import { type ProductionYear, productionYearSchema } from './schemas.ts';

/** What the admin saved: production years replacing or adding to the shipped ones, and the ЕКЦ hours. */
export interface CalendarSettings {
  years: ProductionYear[];
  schedule?: EkcSchedule;
}

const YEAR_KEY = /^production_year:(\d{4})$/;

export async function loadCalendarSettings(db: Queryable): Promise<CalendarSettings> {
  const { rows } = await db.query<{ key: string; value: unknown }>(
    'select key, value from calendar_settings',
  );
  const settings: CalendarSettings = { years: [] };
  for (const row of rows) {
    if (row.key === 'ekc_schedule') {
      settings.schedule = parseStored(ekcScheduleSchema, row.value, row.key);
    } else if (YEAR_KEY.test(row.key)) {
      settings.years.push(parseStored(productionYearSchema, row.value, row.key));
    }
  }
  return settings;
}

function parseStored<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
  key: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new CalendarError(`calendar_settings ${key} is not valid; fix it on the admin screen`);
  return parsed.data;
}

/** The shipped production calendar with the saved years laid over it (a saved year replaces its file). */
export function mergedCalendar(saved: readonly ProductionYear[]): ProductionCalendar {
  const shipped = loadProductionCalendar();
  const byYear = new Map(shipped.coveredYears().map((year) => [year, shipped.yearData(year)]));
  for (const year of saved) byYear.set(year.year, year);
  return new ProductionCalendar([...byYear.values()]);
}

/**
 * Makes the saved settings this process's defaults, before the services build their working time.
 * A schedule file (HOTLINE_EKC_SCHEDULE_FILE) still wins over the saved schedule: the deployment
 * said so explicitly.
 */
export async function applyCalendarSettings(db: Queryable): Promise<CalendarSettings> {
  const settings = await loadCalendarSettings(db);
  if (settings.years.length) installProductionCalendar(mergedCalendar(settings.years));
  if (settings.schedule) installEkcSchedule(settings.schedule);
  return settings;
}

export async function saveCalendarSetting(
  db: Queryable,
  key: 'ekc_schedule' | `production_year:${number}`,
  value: unknown,
  updatedBy: string,
): Promise<void> {
  await db.query(
    `insert into calendar_settings (key, value, updated_by) values ($1, $2, $3)
     on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`,
    [key, JSON.stringify(value), updatedBy],
  );
}
