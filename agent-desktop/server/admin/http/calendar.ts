import { recordAudit } from '../../../../core/audit/index.ts';
import {
  defaultEkcSchedule,
  loadCalendarSettings,
  mergedCalendar,
  saveCalendarSetting,
} from '../../../../core/calendar/index.ts';
import type { DesktopContext } from '../../context.ts';
import { pathParam, requestInput } from '../../http/refusal.ts';
import type { AuthedRequest, RouteSpec } from '../../http/routes.ts';
import { describeIssues, productionYearBodySchema, scheduleSchema, yearParamSchema } from '../schemas.ts';

const RESTART_NOTE = 'Сохранено. Изменения вступят в силу после перезапуска служб платформы.';

/**
 * The ЕКЦ schedule and the production calendar (holidays, days off): saved in PostgreSQL,
 * installed by every service at start. A schedule file in the deployment wins over the screen.
 */
export function calendarRoutes(context: DesktopContext): RouteSpec[] {
  const scheduleFile = context.service.env.HOTLINE_EKC_SCHEDULE_FILE;
  const audit = (req: AuthedRequest, action: string, subjectId: string) =>
    recordAudit(context.pool, {
      userId: req.session!.userId,
      action,
      subjectType: 'calendar',
      subjectId,
      ip: req.ip ?? null,
    });
  return [
    {
      method: 'get',
      path: '/api/admin/calendar',
      access: ['admin', 'supervisor'],
      summary: 'the ЕКЦ schedule and the production calendar years (saved over shipped)',
      async handler(_req, res) {
        const saved = await loadCalendarSettings(context.pool);
        const calendar = mergedCalendar(saved.years);
        res.json({
          schedule: saved.schedule ?? defaultEkcSchedule(),
          scheduleSource: scheduleFile ? 'file' : saved.schedule ? 'saved' : 'default',
          years: calendar.coveredYears().map((year) => ({
            ...calendar.yearData(year),
            saved: saved.years.some((y) => y.year === year),
          })),
        });
      },
    },
    {
      method: 'put',
      path: '/api/admin/calendar/schedule',
      access: ['admin'],
      summary: 'save the ЕКЦ operator schedule',
      async handler(req, res) {
        if (scheduleFile) {
          return void res
            .status(409)
            .json({ error: 'График ЕКЦ задан файлом HOTLINE_EKC_SCHEDULE_FILE: измените файл на сервере' });
        }
        const schedule = requestInput(scheduleSchema, req.body, describeIssues);
        await saveCalendarSetting(context.pool, 'ekc_schedule', schedule, req.session!.login);
        await audit(req, 'calendar.schedule', 'ekc_schedule');
        res.json({ schedule, note: RESTART_NOTE });
      },
    },
    {
      method: 'put',
      path: '/api/admin/calendar/years/:year',
      access: ['admin'],
      summary: 'save a production-calendar year (holidays, days off, working weekend days)',
      async handler(req, res) {
        const year = pathParam(yearParamSchema, req.params.year, 'Год вне диапазона 2000–2100');
        const body = requestInput(productionYearBodySchema, req.body, describeIssues);
        if (body.year !== year) {
          return void res.status(400).json({ error: `В теле указан ${body.year} год, а в адресе — ${year}` });
        }
        await saveCalendarSetting(context.pool, `production_year:${year}`, body, req.session!.login);
        await audit(req, 'calendar.year', String(year));
        res.json({ year: body, note: RESTART_NOTE });
      },
    },
  ];
}
