import { DateTime } from 'luxon';
import { appealDeadline } from '../calendar/deadlines.ts';
import { type ProductionCalendar, productionCalendar } from '../calendar/production-calendar.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { type Clock, systemClock } from '../lifecycle/clock.ts';
import type { AppealState } from '../vocabulary/index.ts';
import {
  type Appeal,
  type AppealChange,
  type AppealEvent,
  findAppeal,
  findAppealByRegNumber,
  insertAppeal,
  insertAppealEvent,
  listAppealEvents,
  listAppealsOfClient,
  listOpenDueBetween,
  updateAppeal,
} from './db.ts';
import {
  AppealNotFoundError,
  AppealRuleError,
  AppealStateError,
  AppealValidationError,
} from './exceptions.ts';
import { checkRepeated, guardForeignKeys } from './guards.ts';
import { ANSWER_DEADLINE_KIND, canMove, owesInterimAnswer } from './lifecycle.ts';
import { formatRegNumber, takeNextSequence } from './numbering.ts';
import {
  type AnswerInput,
  answerSchema,
  type InterimAnswerInput,
  interimAnswerSchema,
  type NoActionInput,
  noActionSchema,
  parseInput,
  type RegisterAppealInput,
  registerAppealSchema,
  type StepInput,
  stepSchema,
} from './schemas.ts';

export interface AppealServiceOptions {
  pool: Pool;
  clock?: Clock;
  /** The retailer's zone (HOTLINE_TZ): deadline days and the numbering year are local to it. */
  timeZone?: string;
  calendar?: ProductionCalendar;
  /** "Near due" = the next obligation falls within this many milliseconds. Default 24 h. */
  nearDueWindowMs?: number;
  /**
   * Runs inside the stage's transaction, after its event is written: what must exist exactly
   * when the stage does (the delivery of an answer to the client, core/appeals/delivery).
   */
  onStage?: StageHook;
}

export type StageHook = (
  tx: PoolClient,
  stage: { appeal: Appeal; eventId: number; userId: number | null },
) => Promise<void>;

/** Registration and every later stage of an appeal, each stage in its own transaction. */
export function createAppealService(options: AppealServiceOptions) {
  const { pool } = options;
  const clock = options.clock ?? systemClock;
  const timeZone = options.timeZone ?? 'Asia/Krasnoyarsk';
  const calendar = options.calendar ?? productionCalendar();
  const nearDueWindowMs = options.nearDueWindowMs ?? 24 * 3600_000;
  const deadline = (channel: string, kind: Parameters<typeof appealDeadline>[0]['kind'], from: Date) =>
    appealDeadline({ channel, kind, registeredAt: from, timeZone, calendar });

  /** Locks the appeal, checks the move, applies the change and writes the stage event. */
  async function step(
    appealId: number,
    to: AppealState,
    userId: number | null | undefined,
    decide: (
      appeal: Appeal,
      tx: PoolClient,
      now: Date,
    ) => Promise<{ change?: AppealChange; note?: string | null; data?: object }>,
  ): Promise<Appeal> {
    return guardForeignKeys(() =>
      inTransaction(pool, async (tx) => {
        const appeal = await findAppeal(tx, appealId, true);
        if (!appeal) throw new AppealNotFoundError(appealId);
        if (!canMove(appeal.state, to)) {
          throw new AppealStateError(`appeal ${appeal.regNumber} is ${appeal.state}; it cannot become ${to}`);
        }
        const now = clock.now();
        const { change, note, data } = await decide(appeal, tx, now);
        const updated = await updateAppeal(tx, appeal.id, { ...change, state: to });
        const eventId = await insertAppealEvent(tx, {
          appealId: appeal.id,
          at: now,
          state: to,
          userId: userId ?? null,
          note,
          data,
        });
        await options.onStage?.(tx, { appeal: updated, eventId, userId: userId ?? null });
        return updated;
      }),
    );
  }

  return {
    /** R-APL-1: registers with an auto-assigned number and the R-APL-3 deadline. */
    async register(input: RegisterAppealInput): Promise<Appeal> {
      const data = parseInput(registerAppealSchema, input);
      const now = clock.now();
      const deadlineAt = deadline(data.channel, ANSWER_DEADLINE_KIND[data.kind], now);
      const interimDueAt = owesInterimAnswer(data.kind) ? deadline(data.channel, 'interim', now) : null;
      const registerBy =
        data.channel === 'post' && data.receivedAt ? deadline('post', 'register', data.receivedAt) : null;
      const year = DateTime.fromJSDate(now, { zone: timeZone }).year;
      return guardForeignKeys(() =>
        inTransaction(pool, async (tx) => {
          const regNumber = formatRegNumber(year, await takeNextSequence(tx, year));
          const appeal = await insertAppeal(tx, {
            regNumber,
            channel: data.channel,
            kind: data.kind,
            topics: [...new Set(data.topics)],
            clientId: data.clientId ?? null,
            accountId: data.accountId ?? null,
            replyChannel: data.replyChannel ?? data.channel,
            replyAddress: data.replyAddress ?? null,
            description: data.description,
            registeredAt: now,
            receivedAt: data.receivedAt ?? null,
            deadlineAt,
            interimDueAt,
            interactionId: data.interactionId ?? null,
            assignedTo: data.assignedTo ?? null,
          });
          const eventId = await insertAppealEvent(tx, {
            appealId: appeal.id,
            at: now,
            state: 'registered',
            userId: data.userId ?? null,
            data: {
              regNumber,
              deadlineAt,
              interimDueAt,
              ...(registerBy ? { registerBy, registeredLate: now > registerBy } : {}),
            },
          });
          if (data.interactionId) {
            await tx.query('update interactions set appeal_id = $1 where id = $2', [
              appeal.id,
              data.interactionId,
            ]);
          }
          await options.onStage?.(tx, { appeal, eventId, userId: data.userId ?? null });
          return appeal;
        }),
      );
    },

    async startWork(appealId: number, input: StepInput = {}): Promise<Appeal> {
      const data = parseInput(stepSchema, input);
      return step(appealId, 'in_progress', data.userId, async () => ({ note: data.note }));
    },

    /** R-APL-4: an interim answer names the date of the full answer, within the hard limit. */
    async interimAnswer(appealId: number, input: InterimAnswerInput): Promise<Appeal> {
      const data = parseInput(interimAnswerSchema, input);
      return step(appealId, 'interim_answered', data.userId, async (appeal, _tx, now) => {
        const limit = deadline(appeal.channel, 'external', appeal.registeredAt);
        if (data.fullAnswerDueAt <= now) {
          throw new AppealRuleError('R-APL-4: the date of the full answer must be in the future');
        }
        if (data.fullAnswerDueAt > limit) {
          throw new AppealRuleError(
            `R-APL-4: the full answer is promised after the limit of the standard (${limit.toISOString()})`,
          );
        }
        return {
          change: { interimAnswer: data.text, interimAnsweredAt: now, fullAnswerDueAt: data.fullAnswerDueAt },
          data: {
            fullAnswerDueAt: data.fullAnswerDueAt,
            channel: appeal.replyChannel,
            late: now > appeal.dueAt,
          },
        };
      });
    },

    /** R-APL-5: the answer is recorded for the channel the client chose (delivery is elsewhere). */
    async answer(appealId: number, input: AnswerInput): Promise<Appeal> {
      const data = parseInput(answerSchema, input);
      return step(appealId, 'answered', data.userId, async (appeal, _tx, now) => {
        const chosen = appeal.replyChannel ?? appeal.channel;
        if (data.channel && data.channel !== chosen) {
          throw new AppealRuleError(
            `R-APL-5: the client chose to be answered by ${chosen}, not ${data.channel}`,
          );
        }
        return {
          change: {
            answer: data.text,
            answeredAt: now,
            answerChannel: chosen,
            answerAddress: appeal.replyAddress,
          },
          data: { channel: chosen, late: now > appeal.dueAt },
        };
      });
    },

    /** R-APL-6 / R-APL-7: no action, with the reason recorded. */
    async markNoAction(appealId: number, input: NoActionInput): Promise<Appeal> {
      const data = parseInput(noActionSchema, input);
      return step(appealId, 'no_action', data.userId, async (appeal, tx) => {
        if (data.reason === 'repeated') await checkRepeated(tx, appeal, data.previousAppealId);
        else if (data.previousAppealId) {
          throw new AppealValidationError(['previousAppealId: only for the reason "repeated"']);
        }
        return {
          change: {
            noActionReason: data.reason,
            noActionNote: data.note ?? null,
            abusive: appeal.abusive || data.reason === 'abusive',
            previousAppealId: data.previousAppealId ?? appeal.previousAppealId,
          },
          note: data.note,
          data: { reason: data.reason, previousAppealId: data.previousAppealId ?? null },
        };
      });
    },

    async close(appealId: number, input: StepInput = {}): Promise<Appeal> {
      const data = parseInput(stepSchema, input);
      return step(appealId, 'closed', data.userId, async (_appeal, _tx, now) => ({
        change: { closedAt: now },
        note: data.note,
      }));
    },

    async get(appealId: number): Promise<Appeal> {
      const appeal = await findAppeal(pool, appealId);
      if (!appeal) throw new AppealNotFoundError(appealId);
      return appeal;
    },

    async getByRegNumber(regNumber: string): Promise<Appeal> {
      const appeal = await findAppealByRegNumber(pool, regNumber);
      if (!appeal) throw new AppealNotFoundError(regNumber);
      return appeal;
    },

    history: (appealId: number): Promise<AppealEvent[]> => listAppealEvents(pool, appealId),

    listForClient: (clientId: number, limit = 100): Promise<Appeal[]> =>
      listAppealsOfClient(pool, clientId, limit),

    /** R-APL-3 "near-due are visible": open appeals whose next obligation is within the window. */
    async nearDue(windowMs: number = nearDueWindowMs): Promise<Appeal[]> {
      const now = clock.now();
      return listOpenDueBetween(pool, now, new Date(now.getTime() + windowMs));
    },

    /** R-APL-3 "overdue are visible": open appeals whose next obligation has passed. */
    async overdue(): Promise<Appeal[]> {
      return listOpenDueBetween(pool, null, clock.now());
    },
  };
}
export type AppealService = ReturnType<typeof createAppealService>;
