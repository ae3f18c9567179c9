import { DateTime } from 'luxon';
import { ANSWER_DEADLINE_KIND, type Appeal, owesInterimAnswer } from '../../../core/appeals/index.ts';
import { appealDeadline, endOfLocalDay } from '../../../core/calendar/index.ts';
import type { AuthedRequest, RouteSpec } from '../http/routes.ts';
import { findAccountById } from './db/accounts.ts';
import { listAppealIdsAssignedTo } from './db/history.ts';
import { deliveriesByAppeal, dispatchDeliveries } from './http-deliveries.ts';
import { audit, type RecordsDependencies, sendNotFound, sendProblems } from './http-support.ts';
import {
  answerSchema,
  deadlineQuestionSchema,
  interimSchema,
  noActionSchema,
  parseBody,
  pathId,
  registerSchema,
} from './schemas.ts';
import { appealErrorResponse, historyLabel } from './services/appeal-status.ts';
import { answerRuleOf, appealOptions, appealView, describeRule, localText } from './services/appeal-view.ts';

const HANDLERS = ['operator', 'supervisor'] as const;

/** Appeal registration (R-APL-1…7) and the operator's own appeals. */
export function appealRoutes(deps: RecordsDependencies): RouteSpec[] {
  const views = async (appeals: Appeal[]) => {
    const deliveries = await deliveriesByAppeal(
      deps,
      appeals.map((appeal) => appeal.id),
    );
    return appeals.map((appeal) =>
      appealView(appeal, deps.clock.now(), deps.timeZone, deliveries.get(appeal.id) ?? []),
    );
  };
  const view = async (appeal: Appeal) => (await views([appeal]))[0]!;
  /** After a stage: its messages go to the sending workers, and the appeal is shown with them. */
  const afterStage = async (appeal: Appeal) => {
    await dispatchDeliveries(deps, appeal.id);
    return view(appeal);
  };

  /** Runs one stage on an appeal the user may handle; maps the service's verdicts to Russian. */
  async function stage(
    req: AuthedRequest,
    res: Parameters<RouteSpec['handler']>[1],
    action: string,
    run: (appealId: number) => Promise<Appeal>,
  ) {
    const appealId = pathId(req.params.appealId);
    const existing =
      appealId === undefined ? undefined : await deps.appeals.get(appealId).catch(() => undefined);
    if (!existing) return sendNotFound(res, 'appeal');
    const session = req.session!;
    const supervises = session.roles.includes('supervisor');
    if (!supervises && existing.assignedTo !== null && existing.assignedTo !== session.userId) {
      return void res.status(403).json({ error: 'Это обращение назначено другому сотруднику' });
    }
    try {
      const appeal = await run(existing.id);
      await audit(deps, req, {
        action,
        subjectType: 'appeal',
        subjectId: appeal.id,
        clientId: appeal.clientId,
        details: { state: appeal.state },
      });
      res.json({ appeal: await afterStage(appeal) });
    } catch (error) {
      const mapped = appealErrorResponse(error);
      if (!mapped) throw error;
      res.status(mapped.status).json({ error: mapped.message });
    }
  }

  return [
    {
      method: 'get',
      path: '/api/records/appeal-options',
      access: ['operator', 'supervisor', 'quality'],
      summary: 'topics, channels, kinds and no-action reasons for the appeal form',
      handler(_req, res) {
        res.json(appealOptions());
      },
    },
    {
      method: 'post',
      path: '/api/records/appeals/deadline',
      access: HANDLERS,
      summary: 'the deadline an appeal registered now would get (shown before saving)',
      handler(req, res) {
        const body = parseBody(deadlineQuestionSchema, req.body);
        if (!body.ok) return sendProblems(res, body.problems);
        const { channel, kind } = body.data;
        const now = deps.clock.now();
        const question = { channel, registeredAt: now, timeZone: deps.timeZone };
        const rule = answerRuleOf(channel, kind);
        const deadlineAt = appealDeadline({ ...question, kind: ANSWER_DEADLINE_KIND[kind] });
        const interimDueAt = owesInterimAnswer(kind)
          ? appealDeadline({ ...question, kind: 'interim' })
          : null;
        res.json({
          registeredAt: now,
          deadlineAt,
          deadlineText: localText(deadlineAt, deps.timeZone),
          interimDueAt,
          interimDueText: localText(interimDueAt, deps.timeZone),
          rule: describeRule(rule),
          source: rule.source,
        });
      },
    },
    {
      method: 'post',
      path: '/api/records/appeals',
      access: HANDLERS,
      summary: 'register an appeal: number and calendar deadline assigned',
      async handler(req, res) {
        const body = parseBody(registerSchema, req.body);
        if (!body.ok) return sendProblems(res, body.problems);
        const input = body.data;
        const account = input.accountId ? await findAccountById(deps.pool, input.accountId) : undefined;
        if (input.accountId && !account) return sendNotFound(res, 'account');
        if (input.interactionId) {
          const { rowCount } = await deps.pool.query('select 1 from interactions where id = $1', [
            input.interactionId,
          ]);
          if (!rowCount) return sendNotFound(res, 'interaction');
        }
        const userId = req.session!.userId;
        try {
          const appeal = await deps.appeals.register({
            channel: input.channel,
            kind: input.kind,
            topics: input.topics,
            description: input.description,
            clientId: account?.clientId ?? null,
            accountId: account?.id ?? null,
            interactionId: input.interactionId ?? null,
            replyChannel: input.replyChannel ?? null,
            replyAddress: input.replyAddress || null,
            assignedTo: userId,
            userId,
          });
          await audit(deps, req, {
            action: 'appeal.register',
            subjectType: 'appeal',
            subjectId: appeal.id,
            clientId: appeal.clientId,
            details: { regNumber: appeal.regNumber, channel: appeal.channel, kind: appeal.kind },
          });
          res.status(201).json({ appeal: await afterStage(appeal) });
        } catch (error) {
          const mapped = appealErrorResponse(error);
          if (!mapped) throw error;
          res.status(mapped.status).json({ error: mapped.message });
        }
      },
    },
    {
      method: 'get',
      path: '/api/records/appeals/mine',
      access: HANDLERS,
      summary: 'appeals assigned to me: open ones and the last 30 days, with deadline status',
      async handler(req, res) {
        const now = deps.clock.now();
        const ids = await listAppealIdsAssignedTo(deps.pool, req.session!.userId, now);
        const appeals = await Promise.all(ids.map((id) => deps.appeals.get(id)));
        const order = { overdue: 0, near_due: 1, on_time: 2, done: 3 } as const;
        const shown = await views(appeals);
        shown.sort(
          (a, b) => order[a.dueStatus] - order[b.dueStatus] || a.dueAt.getTime() - b.dueAt.getTime(),
        );
        res.json({ appeals: shown, now });
      },
    },
    {
      method: 'get',
      path: '/api/records/appeals/:appealId',
      access: ['operator', 'supervisor', 'quality'],
      summary: 'one appeal with its stages (audited)',
      async handler(req, res) {
        const appealId = pathId(req.params.appealId);
        const appeal =
          appealId === undefined ? undefined : await deps.appeals.get(appealId).catch(() => undefined);
        if (!appeal) return sendNotFound(res, 'appeal');
        const history = await deps.appeals.history(appeal.id);
        await audit(deps, req, {
          action: 'appeal.view',
          subjectType: 'appeal',
          subjectId: appeal.id,
          clientId: appeal.clientId,
        });
        res.json({
          appeal: await view(appeal),
          history: history.map((stage) => ({ ...stage, stateLabel: historyLabel(stage) })),
        });
      },
    },
    {
      method: 'post',
      path: '/api/records/appeals/:appealId/interim',
      access: HANDLERS,
      summary: 'record the interim answer with the date of the full answer (R-APL-4)',
      async handler(req, res) {
        const body = parseBody(interimSchema, req.body);
        if (!body.ok) return sendProblems(res, body.problems);
        const day = DateTime.fromISO(body.data.fullAnswerDueOn, { zone: deps.timeZone });
        if (!day.isValid)
          return sendProblems(res, [{ field: 'fullAnswerDueOn', message: 'Такой даты нет в календаре' }]);
        const fullAnswerDueAt = endOfLocalDay(body.data.fullAnswerDueOn, deps.timeZone);
        return stage(req, res, 'appeal.interim_answer', (id) =>
          deps.appeals.interimAnswer(id, {
            text: body.data.text,
            fullAnswerDueAt,
            userId: req.session!.userId,
          }),
        );
      },
    },
    {
      method: 'post',
      path: '/api/records/appeals/:appealId/answer',
      access: HANDLERS,
      summary: "record the answer for the client's chosen channel (R-APL-5)",
      async handler(req, res) {
        const body = parseBody(answerSchema, req.body);
        if (!body.ok) return sendProblems(res, body.problems);
        return stage(req, res, 'appeal.answer', (id) =>
          deps.appeals.answer(id, { text: body.data.text, userId: req.session!.userId }),
        );
      },
    },
    {
      method: 'post',
      path: '/api/records/appeals/:appealId/no-action',
      access: HANDLERS,
      summary: 'leave the appeal without an answer, with the reason (R-APL-6/7)',
      async handler(req, res) {
        const body = parseBody(noActionSchema, req.body);
        if (!body.ok) return sendProblems(res, body.problems);
        const { previousRegNumber, ...input } = body.data;
        const previous = previousRegNumber
          ? await deps.appeals.getByRegNumber(previousRegNumber).catch(() => undefined)
          : undefined;
        if (previousRegNumber && !previous) {
          return sendProblems(res, [
            { field: 'previousRegNumber', message: 'Обращение с таким номером не найдено' },
          ]);
        }
        return stage(req, res, 'appeal.no_action', (id) =>
          deps.appeals.markNoAction(id, {
            ...input,
            previousAppealId: previous?.id,
            userId: req.session!.userId,
          }),
        );
      },
    },
  ];
}
