import type { Response } from 'express';
import { recordAudit } from '../../../core/audit/index.ts';
import type { UserRole } from '../../../core/vocabulary/states.ts';
import type { DesktopContext } from '../context.ts';
import { HttpRefusal, pathParam, requestInput } from '../http/refusal.ts';
import type { AuthedRequest, RouteSpec } from '../http/routes.ts';
import { type ChatDesk, ChatNotFound } from './desk.ts';
import { sendChatFile } from './file-response.ts';
import { attachmentIdSchema, chatIdSchema, describeFirstIssue, reviewQuerySchema } from './schemas.ts';

/** Who reads other people's chats: supervisors (coaching, complaints) and quality control. */
export const CHAT_REVIEW_ACCESS: readonly UserRole[] = ['supervisor', 'quality'];

const NOT_FOUND = 'Чат не найден';

/** Runs a review handler for a well-formed chat id; an unknown or malformed one is 404. */
function reviewRoute(handler: (req: AuthedRequest, res: Response, ix: string) => Promise<unknown>) {
  return async (req: AuthedRequest, res: Response) => {
    const ix = pathParam(chatIdSchema, req.params.id, NOT_FOUND);
    try {
      await handler(req, res, ix);
    } catch (error) {
      if (error instanceof ChatNotFound) throw new HttpRefusal(404, NOT_FOUND);
      throw error;
    }
  };
}

/**
 * Reading any chat, read-only: the list (no client data), the transcript and the client's files.
 * Every transcript and file opened is in audit_log, as when the operator opens their own chat.
 */
export function chatReviewRoutes(context: DesktopContext, desk: ChatDesk): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/supervision/chats',
      access: CHAT_REVIEW_ACCESS,
      summary: 'chats of the last hours (open ones first if asked), any operator, the bot-only ones too',
      async handler(req, res) {
        const query = requestInput(reviewQuerySchema, req.query, describeFirstIssue);
        const now = context.clock.nowMs();
        const chats = await desk.reviewList({
          since: new Date(now - query.hours * 3_600_000),
          activeOnly: query.active === 'true',
        });
        res.json({ chats, now });
      },
    },
    {
      method: 'get',
      path: '/api/supervision/chats/:id',
      access: CHAT_REVIEW_ACCESS,
      summary: "any chat's conversation with its files, read-only (audited: personal data)",
      handler: reviewRoute(async (req, res, ix) => {
        const transcript = await desk.review(ix);
        await recordAudit(context.pool, {
          userId: req.session!.userId,
          action: 'chat.view',
          subjectType: 'interaction',
          subjectId: ix,
          ip: req.ip ?? null,
          details: { review: true },
        });
        res.json(transcript);
      }),
    },
    {
      method: 'get',
      path: '/api/supervision/chats/:id/attachments/:attachmentId',
      access: CHAT_REVIEW_ACCESS,
      summary: "a client's file of any chat, from platform storage (audited)",
      handler: reviewRoute(async (req, res, ix) => {
        const id = pathParam(attachmentIdSchema, req.params.attachmentId, NOT_FOUND);
        const { file, bytes } = await desk.reviewAttachment(ix, id);
        await recordAudit(context.pool, {
          userId: req.session!.userId,
          action: 'chat.attachment_view',
          subjectType: 'interaction',
          subjectId: ix,
          ip: req.ip ?? null,
          details: { attachmentId: id, review: true },
        });
        await sendChatFile(res, file, bytes);
      }),
    },
  ];
}
