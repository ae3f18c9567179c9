import type { Request } from 'express';
import type { ServiceContext } from '../../core/platform/service.ts';
import { buildDialer } from '../service.ts';
import { CampaignViews } from '../services/campaign-views.ts';
import { CAMPAIGN_ROLES, campaignRoutes, campaignsRouter, type Principal } from './router.ts';

/**
 * The campaigns API as the desktop mounts it: the router (with its own role check) and its
 * routes declared under /api for the desktop's listing and role × route test. Only producers
 * here: the desktop queues planning jobs, the dialer service runs the workers.
 */
export function campaignsMount(
  context: ServiceContext,
  principalOf: (req: Request) => Principal | undefined,
) {
  const dialer = buildDialer(context);
  return {
    router: campaignsRouter({
      campaigns: dialer.campaigns,
      views: new CampaignViews(dialer.deps),
      pool: dialer.deps.pool,
      timeZone: context.config.HOTLINE_TZ,
      logger: context.logger.child({ service: 'campaigns-http' }),
      principalOf,
    }),
    routes: campaignRoutes().map((route) => ({
      method: route.method,
      path: `/api${route.path}`,
      access: CAMPAIGN_ROLES,
      summary: route.summary,
    })),
  };
}
