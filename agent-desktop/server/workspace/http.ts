import type { Response } from 'express';
import type { NotReadyReason } from '../../../core/vocabulary/index.ts';
import type { DesktopContext } from '../context.ts';
import type { AuthedRequest, RouteSpec } from '../http/routes.ts';
import { activeKnowledge } from './db/knowledge.ts';
import { assertInteractionId, Desk, DeskRefusal } from './desk.ts';
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

/** Refusals become their status with the Russian message; anything else is a 500 for the app. */
function handle(work: Handler): RouteSpec['handler'] {
  return async (req, res) => {
    try {
      await work(req, res, req.session!.userId);
    } catch (error) {
      if (error instanceof DeskRefusal) return void res.status(error.status).json({ error: error.message });
      throw error;
    }
  };
}

function bad(res: Response, message: string): void {
  res.status(400).json({ error: message });
}

/** The operator workspace API: state, offers, the active interaction, wrap-up, scripts, knowledge. */
export function workspaceRoutes(context: DesktopContext): RouteSpec[] {
  const desk = new Desk(context);
  const ix = (req: AuthedRequest) => {
    const id = String(req.params.id);
    assertInteractionId(id);
    return id;
  };
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
        const parsed = signInSchema.safeParse(req.body ?? {});
        if (!parsed.success) return bad(res, problems(parsed.error));
        await desk.signIn(userId, parsed.data.ready);
        res.json(await desk.view(userId));
      }),
    },
    {
      method: 'post',
      path: '/api/workspace/state',
      access: OPERATOR,
      summary: 'ready, break with a reason (the break rule may refuse it) or out of the queues',
      handler: handle(async (req, res, userId) => {
        const parsed = stateChangeSchema.safeParse(req.body ?? {});
        if (!parsed.success) return bad(res, problems(parsed.error));
        const { state, reason } = parsed.data;
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
        const parsed = declineSchema.safeParse(req.body ?? {});
        if (!parsed.success) return bad(res, problems(parsed.error));
        await desk.decline(userId, id, parsed.data.reason as NotReadyReason);
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
        const parsed = wrapUpSchema.safeParse(req.body ?? {});
        if (!parsed.success) return bad(res, problems(parsed.error));
        res.json(await desk.wrapUp(userId, id, parsed.data.outcome));
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
        const parsed = knowledgeQuerySchema.safeParse(req.query);
        if (!parsed.success) return bad(res, problems(parsed.error));
        const items = await activeKnowledge(context.pool);
        res.json({ answers: searchKnowledge(items, parsed.data.q, parsed.data.topic) });
      }),
    },
  ];
}
