import { recordAudit } from '../../../../core/audit/index.ts';
import { AcdError, loadQueues, publishQueues, saveQueue } from '../../acd/index.ts';
import { queueDefinitionSchema } from '../../acd/schemas/queue.ts';
import type { DesktopContext } from '../../context.ts';
import type { RouteSpec } from '../../http/routes.ts';
import { announceQueueTitles } from '../../live/queue-titles.ts';
import { describeIssues } from '../schemas.ts';

/** Queue definitions: PostgreSQL first (the source of truth), then the live ACD in Redis. */
export function queueRoutes(context: DesktopContext): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/admin/queues',
      access: ['admin', 'supervisor'],
      summary: 'queue definitions (topics, strategy, overflow, timings)',
      async handler(_req, res) {
        res.json({ queues: await loadQueues(context.pool) });
      },
    },
    {
      method: 'put',
      path: '/api/admin/queues/:name',
      access: ['admin'],
      summary: 'create or change a queue; the ACD applies it at once',
      async handler(req, res) {
        const parsed = queueDefinitionSchema.safeParse({ ...(req.body as object), name: req.params.name });
        if (!parsed.success) return void res.status(400).json({ error: describeIssues(parsed.error) });
        const queue = parsed.data;
        const existing = await loadQueues(context.pool);
        if (queue.overflowTo && !existing.some((q) => q.name === queue.overflowTo)) {
          return void res
            .status(400)
            .json({ error: `Очередь переполнения «${queue.overflowTo}» не найдена` });
        }
        try {
          await publishQueues(context.acd, [queue]);
          await saveQueue(context.pool, queue);
        } catch (error) {
          if (error instanceof AcdError) return void res.status(400).json({ error: error.message });
          throw error;
        }
        await recordAudit(context.pool, {
          userId: req.session!.userId,
          action: 'queue.save',
          subjectType: 'queue',
          subjectId: queue.name,
          ip: req.ip ?? null,
          details: { ...queue },
        });
        // Open screens name queues by their titles: they get the new one without reconnecting.
        if (queue.title !== undefined) await announceQueueTitles(context);
        res.json({ queue });
      },
    },
  ];
}
