import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Pool } from '../../core/db/index.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { UserRole } from '../../core/vocabulary/index.ts';
import type { CampaignActor } from '../db/campaigns.ts';
import type { CampaignInput } from '../schemas/campaign.ts';
import type { CampaignViews } from '../services/campaign-views.ts';
import type { CampaignService } from '../services/campaigns.ts';
import { CampaignError, type CampaignErrorCode } from '../services/errors.ts';
import { streamResultsCsv } from './export.ts';
import {
  campaignIdSchema,
  csvJsonBodySchema,
  draftPreviewBodySchema,
  historyQuerySchema,
  listQuerySchema,
  previewBodySchema,
} from './schemas.ts';

/**
 * Campaigns are the supervisors' (R-DLR-7: "supervisors create, start, pause…"). Admins manage
 * users and settings, not mailings to clients: keeping them out keeps the duty with one role.
 */
export const CAMPAIGN_ROLES: readonly UserRole[] = ['supervisor'];

export interface Principal {
  userId: number;
  roles: readonly UserRole[];
}

export interface CampaignsHttpDeps {
  campaigns: CampaignService;
  views: CampaignViews;
  pool: Pool;
  /** The ЕКЦ's zone (HOTLINE_TZ): times in the CSV export. */
  timeZone: string;
  logger: Logger;
  /** The desktop's session layer says who is asking; undefined → 401. */
  principalOf(request: Request): Principal | undefined;
}

type Method = 'get' | 'post' | 'put';
type Handler = (req: Request, res: Response, actor: CampaignActor & object) => Promise<unknown>;
export interface CampaignRoute {
  method: Method;
  path: string;
  summary: string;
}

const STATUS: Readonly<Record<CampaignErrorCode, number>> = {
  invalid_input: 422,
  template: 422,
  audience: 422,
  invalid_transition: 409,
  not_found: 404,
};
const russian = { error: z.locales.ru().localeError };
/** Big audiences come as text/csv; the desktop's JSON parser keeps its own small limit. */
const CSV_LIMIT = '50mb';

class BadRequest extends Error {
  constructor(readonly problems: string[]) {
    super('Некорректный запрос');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value, russian);
  if (!parsed.success) {
    throw new BadRequest(
      parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)),
    );
  }
  return parsed.data;
}

const idOf = (req: Request) => parse(campaignIdSchema, req.params.id);

/** The routes, declared once: registered from this list and listed for the role × route test. */
function routes(deps: CampaignsHttpDeps): Array<CampaignRoute & { handler: Handler }> {
  const { campaigns, views } = deps;
  const transition = (action: 'schedule' | 'start' | 'pause' | 'resume' | 'stop', summary: string) => ({
    method: 'post' as const,
    path: `/campaigns/:id/${action}`,
    summary,
    handler: async (req: Request, res: Response, actor: CampaignActor) => {
      const id = idOf(req);
      const result = await campaigns[action](id, actor);
      res.json({
        ...(result && 'planned' in result ? { planned: result.planned } : {}),
        campaign: await views.get(id),
      });
    },
  });
  return [
    {
      method: 'get',
      path: '/campaigns',
      summary: 'campaigns with live progress (?state=running,paused&limit&offset)',
      handler: async (req, res) => res.json(await views.list(parse(listQuerySchema, req.query))),
    },
    {
      method: 'post',
      path: '/campaigns',
      summary: 'create a draft campaign',
      handler: async (req, res, actor) => {
        const created = await campaigns.create(req.body as CampaignInput, actor);
        res.status(201).json(await views.get(created.id));
      },
    },
    {
      method: 'post',
      path: '/campaigns/preview',
      summary: 'preview an unsaved definition (rendered messages, SMS characters and parts)',
      handler: async (req, res) => {
        const body = parse(draftPreviewBodySchema, req.body ?? {});
        res.json(views.previewDraft(body.campaign as CampaignInput, body.sample));
      },
    },
    {
      method: 'get',
      path: '/campaigns/:id',
      summary: 'one campaign with live progress',
      handler: async (req, res) => res.json(await views.get(idOf(req))),
    },
    {
      method: 'put',
      path: '/campaigns/:id',
      summary: 'edit a draft campaign',
      handler: async (req, res, actor) => {
        const id = idOf(req);
        await campaigns.edit(id, req.body as CampaignInput, actor);
        res.json(await views.get(id));
      },
    },
    {
      method: 'post',
      path: '/campaigns/:id/preview',
      summary: 'messages for a sample client (account, explicit values, or the audience’s first)',
      handler: async (req, res) => {
        const body = parse(previewBodySchema, req.body ?? {});
        res.json(await views.preview(idOf(req), body));
      },
    },
    {
      method: 'put',
      path: '/campaigns/:id/audience',
      summary: 'CSV audience of a draft (text/csv body or JSON {csv}); per-row errors',
      handler: async (req, res, actor) => {
        const id = idOf(req);
        const csv = typeof req.body === 'string' ? req.body : parse(csvJsonBodySchema, req.body ?? {}).csv;
        res.json({ ...(await campaigns.uploadAudience(id, csv, actor)), campaign: await views.get(id) });
      },
    },
    transition('schedule', 'fix the audience (a filter is expanded) and wait for the start date'),
    transition('start', 'start a scheduled campaign now'),
    transition('pause', 'pause a running campaign'),
    transition('resume', 'resume a paused campaign'),
    transition('stop', 'stop a campaign for good'),
    {
      method: 'get',
      path: '/campaigns/:id/contacts',
      summary: 'per-contact history with attempts (?after&limit&state&account)',
      handler: async (req, res) => {
        const id = idOf(req);
        res.json(await views.history(id, parse(historyQuerySchema, req.query)));
      },
    },
    {
      method: 'get',
      path: '/campaigns/:id/results.csv',
      summary: 'results export: CSV for Excel (UTF-8 with BOM, ";"), streamed',
      handler: async (req, res, actor) => {
        const id = idOf(req);
        await views.auditExport(id, actor);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="campaign-${id}-results.csv"`);
        res.setHeader('Cache-Control', 'private, no-store');
        try {
          await streamResultsCsv(deps.pool, id, deps.timeZone, res);
        } catch (error) {
          deps.logger.error({ err: error, campaignId: id }, 'campaign results export failed');
          res.destroy();
        }
      },
    },
  ];
}

/** The supervisor API over campaigns (mounted by the desktop under /api). */
export function campaignsRouter(deps: CampaignsHttpDeps): Router {
  const router = express.Router();
  const csvBody = express.text({ type: ['text/csv', 'text/plain'], limit: CSV_LIMIT });
  const supervisorOnly: RequestHandler = (req, res, next) => {
    const principal = deps.principalOf(req);
    if (!principal) return void res.status(401).json({ error: 'Требуется вход в систему' });
    if (!principal.roles.some((role) => CAMPAIGN_ROLES.includes(role))) {
      return void res.status(403).json({ error: 'Недостаточно прав для этого действия' });
    }
    res.locals.actor = { userId: principal.userId, ip: req.ip ?? null } satisfies CampaignActor;
    next();
  };
  for (const route of routes(deps)) {
    // The audience file is read only after the role check: nobody else gets to upload 50 MB.
    const parsers = route.path.endsWith('/audience') ? [csvBody] : [];
    router[route.method](route.path, supervisorOnly, ...parsers, async (req, res) => {
      try {
        await route.handler(req, res, res.locals.actor as { userId: number; ip: string | null });
      } catch (error) {
        if (error instanceof BadRequest) {
          return void res.status(400).json({ error: error.message, problems: error.problems });
        }
        if (!(error instanceof CampaignError)) throw error;
        res.status(STATUS[error.code]).json({
          error: error.message,
          problems: error.problems,
          ...(error.rows.length ? { rows: error.rows } : {}),
        });
      }
    });
  }
  return router;
}

/** Every route with its method and path, for the desktop's route declaration. */
export function campaignRoutes(): CampaignRoute[] {
  const stub = {} as CampaignsHttpDeps;
  return routes(stub).map(({ method, path, summary }) => ({ method, path, summary }));
}
