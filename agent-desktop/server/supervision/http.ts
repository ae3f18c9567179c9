import { createAppealService } from '../../../core/appeals/index.ts';
import { recordAudit } from '../../../core/audit/index.ts';
import { createWorkingTime } from '../../../core/calendar/index.ts';
import type { UserRole } from '../../../core/vocabulary/index.ts';
import { auditLogWriter } from '../../../recordings/db/audit.ts';
import { recordingIdSchema } from '../../../recordings/schemas/recording.ts';
import { DEFAULT_ACCESS_RULES, decideAccess } from '../../../recordings/services/access.ts';
import { acdWorkingTime } from '../acd/services/working-time.ts';
import type { DesktopContext } from '../context.ts';
import { HttpRefusal, pathParam, requestInput } from '../http/refusal.ts';
import type { RouteSpec } from '../http/routes.ts';
import { describeForControl, listOperators, reassignAppeal } from './db/appeals-control.ts';
import { callsByHour, callsByQueue } from './db/calls-report.ts';
import { describeRecordings, findRecordingRow, findRecordings } from './db/recordings.ts';
import { REPORTS } from './reports.ts';
import {
  appealIdSchema,
  describeProblems,
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

const APPEAL_NOT_FOUND = 'Обращение не найдено';
const RECORDING_NOT_FOUND = 'Запись не найдена';

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
      const query = requestInput(reportQuerySchema, req.query, describeProblems);
      const period = periodInstants(query, timeZone);
      const data = await report.build(pool, period, { timeZone, now: clock.now(), workingTime });
      if (query.format === 'json') return void res.json(data);
      const table = report.table(data as never);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${csvFileName(name, query.from, query.to)}"`,
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
        const { hours } = requestInput(nearDueQuerySchema, req.query, describeProblems);
        const items = await appeals.nearDue(hours * 3_600_000);
        res.json({ hours, items: await describeForControl(pool, items) });
      },
    },
    {
      method: 'post',
      path: '/api/supervision/appeals/:id/reassign',
      access: SUPERVISION_ACCESS.appeals,
      summary: 'hand an open appeal to another operator or department, with a reason',
      async handler(req, res) {
        const appealId = pathParam(appealIdSchema, req.params.id, APPEAL_NOT_FOUND);
        const body = requestInput(reassignSchema, req.body, describeProblems);
        const outcome = await reassignAppeal(
          pool,
          { appealId, ...body },
          { userId: req.session!.userId, at: clock.now() },
        );
        if (outcome.status === 'not_found') throw new HttpRefusal(404, APPEAL_NOT_FOUND);
        if (outcome.status === 'closed')
          throw new HttpRefusal(409, 'Обращение уже рассмотрено — передать его нельзя');
        if (outcome.status === 'unknown_user')
          throw new HttpRefusal(400, 'Такого оператора нет или он отключён');
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
        const search = requestInput(recordingSearchSchema, req.query, describeProblems);
        const found = await findRecordings(pool, search, timeZone);
        if (found.status === 'unknown') {
          throw new HttpRefusal(
            404,
            found.field === 'account'
              ? 'Лицевой счёт с таким номером не найден'
              : 'Обращение с таким номером не найдено',
          );
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
        const id = pathParam(recordingIdSchema, req.params.id, RECORDING_NOT_FOUND);
        const row = await findRecordingRow(pool, id);
        if (!row) throw new HttpRefusal(404, RECORDING_NOT_FOUND);
        const principal = { userId: req.session!.userId, roles: req.session!.roles };
        const rules = { ...DEFAULT_ACCESS_RULES, ...recordings };
        if (!decideAccess(rules, principal, 'play', row).allowed) {
          throw new HttpRefusal(403, 'Эта запись Вам недоступна: Вы не участвовали в разговоре');
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
