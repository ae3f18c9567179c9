import type { Response } from 'express';
import {
  type Delivery,
  findDelivery,
  finishDelivery,
  listDeliveries,
  listQueued,
  startNewRound,
} from '../../../core/appeals/delivery/index.ts';
import { inTransaction } from '../../../core/db/pool.ts';
import type { AuthedRequest, RouteSpec } from '../http/routes.ts';
import { audit, type RecordsDependencies, sendNotFound, sendProblems } from './http-support.ts';
import { deliveryDoneSchema, parseBody, pathId } from './schemas.ts';
import { deliveryView } from './services/delivery-view.ts';

const HANDLERS = ['operator', 'supervisor'] as const;

/** Hands the appeal's queued deliveries to the sending workers. A lost hand-over is swept up by them later. */
export async function dispatchDeliveries(deps: RecordsDependencies, appealId: number): Promise<void> {
  try {
    await deps.deliveryQueue.enqueue(await listQueued(deps.pool, { appealId }));
  } catch (error) {
    deps.logger.warn({ err: error, appealId }, 'appeal delivery: enqueue failed; the workers sweep it up');
  }
}

/** Deliveries per appeal id, for the views. */
export async function deliveriesByAppeal(deps: RecordsDependencies, appealIds: readonly number[]) {
  const byAppeal = new Map<number, ReturnType<typeof deliveryView>[]>();
  for (const delivery of await listDeliveries(deps.pool, appealIds)) {
    const list = byAppeal.get(delivery.appealId) ?? [];
    list.push(deliveryView(delivery));
    byAppeal.set(delivery.appealId, list);
  }
  return byAppeal;
}

/** The operator's actions on a delivery: retry after a failure, or "given to the client" for a task. */
export function deliveryRoutes(deps: RecordsDependencies): RouteSpec[] {
  /** The delivery named by the path, if the user may act on its appeal; otherwise answered (404/403). */
  async function ownDelivery(req: AuthedRequest, res: Response): Promise<Delivery | undefined> {
    const appealId = pathId(req.params.appealId);
    const deliveryId = pathId(req.params.deliveryId);
    const delivery = deliveryId === undefined ? undefined : await findDelivery(deps.pool, deliveryId);
    if (!delivery || delivery.appealId !== appealId) return void sendNotFound(res, 'appeal');
    const appeal = await deps.appeals.get(delivery.appealId);
    const session = req.session!;
    const foreign = appeal.assignedTo !== null && appeal.assignedTo !== session.userId;
    if (foreign && !session.roles.includes('supervisor'))
      return void res.status(403).json({ error: 'Это обращение назначено другому сотруднику' });
    return delivery;
  }

  return [
    {
      method: 'post',
      path: '/api/records/appeals/:appealId/deliveries/:deliveryId/retry',
      access: HANDLERS,
      summary: 'send a failed answer again (a new round of tries)',
      async handler(req, res) {
        const delivery = await ownDelivery(req, res);
        if (!delivery) return;
        const renewed = await startNewRound(deps.pool, delivery.id, deps.clock.now());
        if (!renewed)
          return void res.status(409).json({ error: 'Повторить можно только отправку, которая не удалась' });
        await audit(deps, req, {
          action: 'appeal.delivery_retry',
          subjectType: 'appeal',
          subjectId: delivery.appealId,
          details: { deliveryId: delivery.id, round: renewed.round },
        });
        await dispatchDeliveries(deps, delivery.appealId);
        res.json({ delivery: deliveryView(renewed) });
      },
    },
    {
      method: 'post',
      path: '/api/records/appeals/:appealId/deliveries/:deliveryId/done',
      access: HANDLERS,
      summary: 'the answer was given to the client by the operator (call back, post, another way)',
      async handler(req, res) {
        const body = parseBody(deliveryDoneSchema, req.body);
        if (!body.ok) return sendProblems(res, body.problems);
        const delivery = await ownDelivery(req, res);
        if (!delivery) return;
        const done = await inTransaction(deps.pool, async (tx) => {
          const locked = await findDelivery(tx, delivery.id, true);
          if (!locked || !['call_back', 'manual', 'failed'].includes(locked.status)) return undefined;
          await finishDelivery(tx, locked, {
            status: 'sent',
            at: deps.clock.now(),
            ref: null,
            note: body.data.note,
            userId: req.session!.userId,
          });
          return findDelivery(tx, delivery.id);
        });
        if (!done) return void res.status(409).json({ error: 'Этот ответ уже отправлен или отправляется' });
        await audit(deps, req, {
          action: 'appeal.delivery_done',
          subjectType: 'appeal',
          subjectId: delivery.appealId,
          details: { deliveryId: delivery.id },
        });
        res.json({ delivery: deliveryView(done) });
      },
    },
  ];
}
