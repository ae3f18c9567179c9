import type { Response } from 'express';
import type { z } from 'zod';
import type { NotReadyReason } from '../../../core/vocabulary/index.ts';
import type { DesktopContext } from '../context.ts';
import { requestInput } from '../http/refusal.ts';
import type { AuthedRequest, RouteSpec } from '../http/routes.ts';
import { activeKnowledge } from './db/knowledge.ts';
import { Desk, interactionId } from './desk.ts';
import {
  declineSchema,
  knowledgeQuerySchema,
  problems,
  signInSchema,
  stateChangeSchema,
  wrapUpSchema,
} from './schemas.ts';
import { searchKnowledge } from './services/knowledge-search.ts';
import { scriptPhrases } from './services/scripts.ts';

const OPERATOR = ['operator'] as const;

type Handler = (req: AuthedRequest, res: Response, userId: number) => Promise<unknown>;

/** Every route acts for the signed-in operator; refusals (DeskRefusal, 400, 404) are answered by the app. */
function handle(work: Handler): RouteSpec['handler'] {
  return (req, res) => work(req, res, req.session!.userId);
}

/** The operator's body as its schema reads it, or 400 with the Russian problems. */
const bodyOf = <S extends z.ZodType>(req: AuthedRequest, schema: S) =>
  requestInput(schema, req.body ?? {}, problems);

/** The operator workspace API: state, offers, the active interaction, wrap-up, scripts, knowledge. */
export function workspaceRoutes(context: DesktopContext): RouteSpec[] {
  const desk = new Desk(context);
  const ix = (req: AuthedRequest) => interactionId(req.params.id);
  return [
    {
      method: 'get',
      path: '/api/workspace',
      access: OPERATOR,
      summary: "the operator's state, queues and the interactions on their desk",
      handler: handle(async (_req, res, userId) => res.json(await desk.view(userId))),
    },
    {
      method: 'post',
      path: '/api/workspace/sign-in',
      access: OPERATOR,
      summary: 'sign in to the queues (skills and chat capacity from the database)',
      handler: handle(async (req, res, userId) => {
        await desk.signIn(userId, bodyOf(req, signInSchema).ready);
        res.json(await desk.view(userId));
      }),
    },
    {
      method: 'post',
      path: '/api/workspace/state',
      access: OPERATOR,
      summary: 'ready, break with a reason (the break rule may refuse it) or out of the queues',
      handler: handle(async (req, res, userId) => {
        const { state, reason } = bodyOf(req, stateChangeSchema);
        await desk.setState(userId, state, reason as NotReadyReason | undefined);
        res.json(await desk.view(userId));
      }),
    },
    {
      method: 'post',
      path: '/api/workspace/interactions/:id/accept',
      access: OPERATOR,
      summary: 'accept an offer (harmless when the phone already answered it)',
      handler: handle(async (req, res, userId) => res.json(await desk.accept(userId, ix(req)))),
    },
    {
      method: 'post',
      path: '/api/workspace/interactions/:id/decline',
      access: OPERATOR,
      summary: 'decline an offer with a reason (the operator becomes not ready with it)',
      handler: handle(async (req, res, userId) => {
        const id = ix(req);
        await desk.decline(userId, id, bodyOf(req, declineSchema).reason as NotReadyReason);
        res.json({ declined: true });
      }),
    },
    {
      method: 'post',
      path: '/api/workspace/interactions/:id/finish',
      access: OPERATOR,
      summary: 'end the talk or chat: wrap-up starts (5 minutes at most)',
      handler: handle(async (req, res, userId) => res.json(await desk.finish(userId, ix(req)))),
    },
    {
      method: 'post',
      path: '/api/workspace/interactions/:id/wrap-up',
      access: OPERATOR,
      summary: "record the interaction's outcome and end wrap-up",
      handler: handle(async (req, res, userId) => {
        const id = ix(req);
        res.json(await desk.wrapUp(userId, id, bodyOf(req, wrapUpSchema).outcome));
      }),
    },
    {
      method: 'get',
      path: '/api/workspace/scripts',
      access: OPERATOR,
      summary: 'greeting, closing and other phrases of the standard for this operator',
      handler: handle(async (req, res) => {
        const media = req.query.media === 'chat' ? 'chat' : 'voice';
        res.json({
          phrases: scriptPhrases({
            nowMs: context.clock.nowMs(),
            timeZone: context.timeZone,
            operatorFullName: req.session!.fullName,
            media,
          }),
        });
      }),
    },
    {
      method: 'get',
      path: '/api/workspace/knowledge',
      access: OPERATOR,
      summary: 'knowledge base answers per topic, searched by words',
      handler: handle(async (req, res) => {
        const query = requestInput(knowledgeQuerySchema, req.query, problems);
        const items = await activeKnowledge(context.pool);
        res.json({ answers: searchKnowledge(items, query.q, query.topic) });
      }),
    },
  ];
}
