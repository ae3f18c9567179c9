import type { Response } from 'express';
import { recordAudit } from '../../../core/audit/index.ts';
import type { DesktopContext } from '../context.ts';
import { HttpRefusal, pathParam, requestInput } from '../http/refusal.ts';
import type { AuthedRequest, RouteSpec } from '../http/routes.ts';
import { type ChatDesk, ChatNotFound, ChatStateConflict } from './desk.ts';
import { sendChatFile } from './file-response.ts';
import {
  attachmentIdSchema,
  cannedQuerySchema,
  chatIdSchema,
  describeFirstIssue,
  operatorMessageSchema,
} from './schemas.ts';

const OPERATOR = ['operator'] as const;
const NOT_FOUND = 'Чат не найден или уже закрыт';

/** Runs a chat action for the signed-in operator; the desk's refusals become Russian answers. */
function chatRoute(
  handler: (input: { req: AuthedRequest; res: Response; agentId: string; ix: string }) => Promise<unknown>,
) {
  return async (req: AuthedRequest, res: Response) => {
    // A malformed id names no chat: the same answer as an unknown one.
    const ix = pathParam(chatIdSchema, req.params.id, NOT_FOUND);
    try {
      await handler({ req, res, agentId: String(req.session!.userId), ix });
    } catch (error) {
      if (error instanceof ChatNotFound) throw new HttpRefusal(404, NOT_FOUND);
      if (error instanceof ChatStateConflict)
        throw new HttpRefusal(409, 'Чат уже завершён: сейчас идёт постобработка');
      throw error;
    }
  };
}

export function chatRoutes(context: DesktopContext, desk: ChatDesk): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/chats',
      access: OPERATOR,
      summary: "the operator's accepted chats with unread counts and the first-answer clock",
      async handler(req, res) {
        const agentId = String(req.session!.userId);
        const [chats, capacity] = await Promise.all([desk.list(agentId), desk.capacity(agentId)]);
        res.json({ chats, capacity, now: context.clock.nowMs() });
      },
    },
    {
      method: 'get',
      path: '/api/chats/canned',
      access: OPERATOR,
      summary: 'canned answers: the standard phrases and the knowledge base text answers',
      async handler(req, res) {
        const query = requestInput(cannedQuerySchema, req.query, describeFirstIssue);
        res.json({ answers: await desk.canned(query) });
      },
    },
    {
      method: 'get',
      path: '/api/chats/:id',
      access: OPERATOR,
      summary: 'one chat with the conversation so far (audited: personal data)',
      handler: chatRoute(async ({ req, res, agentId, ix }) => {
        const opened = await desk.open(agentId, ix);
        await recordAudit(context.pool, {
          userId: req.session!.userId,
          action: 'chat.view',
          subjectType: 'interaction',
          subjectId: ix,
          ip: req.ip ?? null,
        });
        res.json(opened);
      }),
    },
    {
      method: 'get',
      path: '/api/chats/:id/attachments/:attachmentId',
      access: OPERATOR,
      summary: "a client's file in the chat, from platform storage (audited)",
      handler: chatRoute(async ({ req, res, agentId, ix }) => {
        const id = pathParam(attachmentIdSchema, req.params.attachmentId, NOT_FOUND);
        const { file, bytes } = await desk.attachment(agentId, ix, id);
        await recordAudit(context.pool, {
          userId: req.session!.userId,
          action: 'chat.attachment_view',
          subjectType: 'interaction',
          subjectId: ix,
          ip: req.ip ?? null,
          details: { attachmentId: id },
        });
        await sendChatFile(res, file, bytes);
      }),
    },
    {
      method: 'post',
      path: '/api/chats/:id/read',
      access: OPERATOR,
      summary: "marks the chat's client messages as read",
      handler: chatRoute(async ({ res, agentId, ix }) => {
        await desk.markRead(agentId, ix);
        res.status(204).end();
      }),
    },
    {
      method: 'post',
      path: '/api/chats/:id/messages',
      access: OPERATOR,
      summary: "sends the operator's message to the client (the first one is the R-ACD-5 first answer)",
      handler: chatRoute(async ({ req, res, agentId, ix }) => {
        const { text } = requestInput(operatorMessageSchema, req.body, describeFirstIssue);
        const sent = await desk.send(agentId, ix, text);
        // The operator's other tabs show the line too.
        context.live.publish({ agentIds: [agentId] }, { type: 'chat.message', ix, line: sent.line });
        res.status(201).json(sent);
      }),
    },
    {
      method: 'post',
      path: '/api/chats/:id/end',
      access: OPERATOR,
      summary: 'ends the chat: wrap-up starts and the client is asked for the 1–5 rating',
      handler: chatRoute(async ({ res, agentId, ix }) => {
        res.json(await desk.end(agentId, ix));
      }),
    },
  ];
}
