import type { Response } from 'express';
import type { z } from 'zod';
import { createAppealService } from '../../../core/appeals/index.ts';
import { recordAudit } from '../../../core/audit/index.ts';
import { createWorkingTime } from '../../../core/calendar/index.ts';
import type { UserRole } from '../../../core/vocabulary/index.ts';
import { auditLogWriter } from '../../../recordings/db/audit.ts';
import { recordingIdSchema } from '../../../recordings/schemas/recording.ts';
import { DEFAULT_ACCESS_RULES, decideAccess } from '../../../recordings/services/access.ts';
import { acdWorkingTime } from '../acd/services/working-time.ts';
import type { DesktopContext } from '../context.ts';
import type { RouteSpec } from '../http/routes.ts';
import { describeForControl, listOperators, reassignAppeal } from './db/appeals-control.ts';
import { callsByHour, callsByQueue } from './db/calls-report.ts';
import { describeRecordings, findRecordingRow, findRecordings } from './db/recordings.ts';
import { REPORTS } from './reports.ts';
import {
  appealIdSchema,
  nearDueQuerySchema,
  reassignSchema,
  recordingSearchSchema,
  reportQuerySchema,
} from './schemas.ts';
import { csvFileName, toCsv } from './services/csv.ts';
import { periodInstants, todayPeriod } from './services/period.ts';

/** Who sees what (the server decides; the menu only follows). */
export const SUPERVISION_ACCESS = {
  /** Live state of queues and operators: supervisors, and admins who tune queues against it. */
  wallboard: ['supervisor', 'admin'],
  /** Appeal deadlines and reassignment: the supervisor's work. */
  appeals: ['supervisor'],
  /** Reports and recordings: supervisors and quality control (R-QA-*); admins have no call data. */
  reports: ['supervisor', 'quality'],
  recordings: ['supervisor', 'quality'],
} as const satisfies Record<string, readonly UserRole[]>;

function refuse(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: error.issues.map((issue) => issue.message).join('; ') });
}

/** What the recordings capability is configured to allow (RECORDINGS_* variables). */
export interface RecordingRules {
  requireReason: boolean;
  operatorsOwnCalls: boolean;
}

export function supervisionRoutes(context: DesktopContext, recordings: RecordingRules): RouteSpec[] {
  const { pool, clock, timeZone } = context;
  const appeals = createAppealService({ pool, clock, timeZone });
  const recordingAudit = auditLogWriter(pool);
  // The same working time the ACD's factory builds, so report and live alert judge chats alike.
  const workingTime = acdWorkingTime(createWorkingTime({ clock, timeZone }));

  const reportRoutes: RouteSpec[] = Object.entries(REPORTS).map(([name, report]) => ({
    method: 'get',
    path: `/api/supervision/reports/${name}`,
    access: SUPERVISION_ACCESS.reports,
    summary: `report: ${report.title} (period, JSON or CSV)`,
    async handler(req, res) {
      const parsed = reportQuerySchema.safeParse(req.query);
      if (!parsed.success) return refuse(res, parsed.error);
      const period = periodInstants(parsed.data, timeZone);
      const data = await report.build(pool, period, { timeZone, now: clock.now(), workingTime });
      if (parsed.data.format === 'json') return void res.json(data);
      const table = report.table(data as never);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${csvFileName(name, parsed.data.from, parsed.data.to)}"`,
      );
      res.send(toCsv(table.header, table.rows));
    },
  }));

  return [
    {
      method: 'get',
      path: '/api/supervision/wallboard/today',
      access: SUPERVISION_ACCESS.wallboard,
      summary: "today's calls by hour and by queue: offered, answered, abandoned, service level",
      async handler(_req, res) {
        const day = todayPeriod(clock.now(), timeZone);
        const [hours, queues] = await Promise.all([
          callsByHour(pool, day, timeZone),
          callsByQueue(pool, day),
        ]);
        res.json({ day: day.from, hours, queues });
      },
    },
    {
      method: 'get',
      path: '/api/supervision/appeals/overdue',
      access: SUPERVISION_ACCESS.appeals,
      summary: 'open appeals past their next obligation',
      async handler(_req, res) {
        res.json({ items: await describeForControl(pool, await appeals.overdue()) });
      },
    },
    {
      method: 'get',
      path: '/api/supervision/appeals/near-due',
      access: SUPERVISION_ACCESS.appeals,
      summary: 'open appeals due within the next hours (default 24)',
      async handler(req, res) {
        const parsed = nearDueQuerySchema.safeParse(req.query);
        if (!parsed.success) return refuse(res, parsed.error);
        const items = await appeals.nearDue(parsed.data.hours * 3_600_000);
        res.json({ hours: parsed.data.hours, items: await describeForControl(pool, items) });
      },
    },
    {
      method: 'post',
      path: '/api/supervision/appeals/:id/reassign',
      access: SUPERVISION_ACCESS.appeals,
      summary: 'hand an open appeal to another operator or department, with a reason',
      async handler(req, res) {
        const id = appealIdSchema.safeParse(req.params.id);
        if (!id.success) return void res.status(404).json({ error: 'Обращение не найдено' });
        const parsed = reassignSchema.safeParse(req.body);
        if (!parsed.success) return refuse(res, parsed.error);
        const outcome = await reassignAppeal(
          pool,
          { appealId: id.data, ...parsed.data },
          { userId: req.session!.userId, at: clock.now() },
        );
        if (outcome.status === 'not_found')
          return void res.status(404).json({ error: 'Обращение не найдено' });
        if (outcome.status === 'closed')
          return void res.status(409).json({ error: 'Обращение уже рассмотрено — передать его нельзя' });
        if (outcome.status === 'unknown_user')
          return void res.status(400).json({ error: 'Такого оператора нет или он отключён' });
        res.json(outcome);
      },
    },
    {
      method: 'get',
      path: '/api/supervision/operators',
      access: [...new Set([...SUPERVISION_ACCESS.appeals, ...SUPERVISION_ACCESS.recordings])],
      summary: 'operators to pick from (reassignment, recording search)',
      async handler(_req, res) {
        res.json({ items: await listOperators(pool) });
      },
    },
    ...reportRoutes,
    {
      method: 'get',
      path: '/api/supervision/recordings',
      access: SUPERVISION_ACCESS.recordings,
      summary: 'recordings by date, number, account, operator, appeal (audited)',
      async handler(req, res) {
        const parsed = recordingSearchSchema.safeParse(req.query);
        if (!parsed.success) return refuse(res, parsed.error);
        const found = await findRecordings(pool, parsed.data, timeZone);
        if (found.status === 'unknown') {
          const error =
            found.field === 'account'
              ? 'Лицевой счёт с таким номером не найден'
              : 'Обращение с таким номером не найдено';
          return void res.status(404).json({ error });
        }
        await recordingAudit({
          userId: req.session!.userId,
          actor: 'user',
          action: 'recording.search',
          ip: req.ip ?? null,
          details: { filters: Object.keys(req.query), results: found.items.length },
        });
        res.json({ ...found, requireReason: recordings.requireReason });
      },
    },
    {
      method: 'get',
      path: '/api/supervision/recordings/:id',
      // The player is linked from the client card: an operator may open the calls they took part in.
      access: recordings.operatorsOwnCalls
        ? [...SUPERVISION_ACCESS.recordings, 'operator']
        : SUPERVISION_ACCESS.recordings,
      summary: 'one recording with its numbers and operators (audited), and whether play needs a reason',
      async handler(req, res) {
        const id = recordingIdSchema.safeParse(req.params.id);
        if (!id.success) return void res.status(404).json({ error: 'Запись не найдена' });
        const row = await findRecordingRow(pool, id.data);
        if (!row) return void res.status(404).json({ error: 'Запись не найдена' });
        const principal = { userId: req.session!.userId, roles: req.session!.roles };
        const rules = { ...DEFAULT_ACCESS_RULES, ...recordings };
        if (!decideAccess(rules, principal, 'play', row).allowed) {
          return void res
            .status(403)
            .json({ error: 'Эта запись Вам недоступна: Вы не участвовали в разговоре' });
        }
        await recordAudit(pool, {
          userId: principal.userId,
          action: 'recording.view',
          subjectType: 'recording',
          subjectId: row.id,
          ip: req.ip ?? null,
        });
        const [item] = await describeRecordings(pool, [row]);
        res.json({ ...item, requireReason: recordings.requireReason });
      },
    },
  ];
}
