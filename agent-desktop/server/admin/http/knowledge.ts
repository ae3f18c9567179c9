import { recordAudit } from '../../../../core/audit/index.ts';
import { KnowledgeService } from '../../../../core/nlu/knowledge/service.ts';
import type { DesktopContext } from '../../context.ts';
import { pathParam, requestInput } from '../../http/refusal.ts';
import type { RouteSpec } from '../../http/routes.ts';
import { describeIssues, knowledgeBodySchema, knowledgeKeySchema } from '../schemas.ts';

/**
 * Knowledge answers (what the bot writes, what the IVR says, what operators read per topic):
 * every save is a new version, the old ones stay for the record.
 */
export function knowledgeRoutes(context: DesktopContext): RouteSpec[] {
  const knowledge = new KnowledgeService(context.pool);
  const answerKey = (params: unknown) => pathParam(knowledgeKeySchema, params, 'Нет такого ответа');
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
        const key = answerKey(req.params);
        res.json({ versions: await knowledge.history(key.topic, key.variant) });
      },
    },
    {
      method: 'put',
      path: '/api/admin/knowledge/:topic/:variant',
      access: ['admin'],
      summary: 'publish a new version of an answer',
      async handler(req, res) {
        const key = answerKey(req.params);
        const { body } = requestInput(knowledgeBodySchema, req.body, describeIssues);
        const answer = await knowledge.update({
          ...key,
          body,
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
