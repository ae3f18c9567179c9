import { recordAudit } from '../../../../core/audit/index.ts';
import { KnowledgeService } from '../../../../core/nlu/knowledge/service.ts';
import type { DesktopContext } from '../../context.ts';
import type { RouteSpec } from '../../http/routes.ts';
import { describeIssues, knowledgeBodySchema, knowledgeKeySchema } from '../schemas.ts';

/**
 * Knowledge answers (what the bot writes, what the IVR says, what operators read per topic):
 * every save is a new version, the old ones stay for the record.
 */
export function knowledgeRoutes(context: DesktopContext): RouteSpec[] {
  const knowledge = new KnowledgeService(context.pool);
  return [
    {
      method: 'get',
      path: '/api/admin/knowledge',
      access: ['admin'],
      summary: 'active knowledge answers per topic and variant (voice / text)',
      async handler(_req, res) {
        res.json({ answers: await knowledge.listActive() });
      },
    },
    {
      method: 'get',
      path: '/api/admin/knowledge/:topic/:variant/history',
      access: ['admin'],
      summary: 'every version of one answer',
      async handler(req, res) {
        const key = knowledgeKeySchema.safeParse(req.params);
        if (!key.success) return void res.status(404).json({ error: 'Нет такого ответа' });
        res.json({ versions: await knowledge.history(key.data.topic, key.data.variant) });
      },
    },
    {
      method: 'put',
      path: '/api/admin/knowledge/:topic/:variant',
      access: ['admin'],
      summary: 'publish a new version of an answer',
      async handler(req, res) {
        const key = knowledgeKeySchema.safeParse(req.params);
        if (!key.success) return void res.status(404).json({ error: 'Нет такого ответа' });
        const body = knowledgeBodySchema.safeParse(req.body);
        if (!body.success) return void res.status(400).json({ error: describeIssues(body.error) });
        const answer = await knowledge.update({
          ...key.data,
          body: body.data.body,
          updatedBy: req.session!.login,
        });
        await recordAudit(context.pool, {
          userId: req.session!.userId,
          action: 'knowledge.publish',
          subjectType: 'knowledge_answer',
          subjectId: `${answer.topic}/${answer.variant}/${answer.version}`,
          ip: req.ip ?? null,
        });
        res.json({ answer });
      },
    },
  ];
}
