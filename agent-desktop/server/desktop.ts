import type { Express } from 'express';
import { loadConfig } from '../../core/config/load.ts';
import type { ServiceContext } from '../../core/platform/service.ts';
import { campaignsMount } from '../../dialer/http/mount.ts';
import { recordingsRouter } from '../../recordings/http/router.ts';
import { buildRecordings } from '../../recordings/service.ts';
import { DEFAULT_ACCESS_RULES } from '../../recordings/services/access.ts';
import { acdFromContext } from './acd/index.ts';
import { DESKTOP_AREAS } from './areas.ts';
import { LoginService } from './auth/login.ts';
import { SessionStore } from './auth/sessions.ts';
import { type DesktopConfig, desktopConfigSchema } from './config.ts';
import type { DesktopContext } from './context.ts';
import { createDesktopApp, type DesktopAppOptions, declaredRoutes } from './http/app.ts';
import { authRoutes } from './http/auth-routes.ts';
import type { AuthedRequest, RouteSpec } from './http/routes.ts';
import { LiveHub } from './live/hub.ts';
import { serveWebApp, type WebAsset } from './web/bundle.ts';

export interface Desktop {
  app: Express;
  config: DesktopConfig;
  sessions: SessionStore;
  live: LiveHub;
  context: DesktopContext;
  routes: Array<Omit<RouteSpec, 'handler'>>;
}

export interface BuildDesktopOptions {
  /** The bundled browser app (see web/bundle.ts); without it the server is API-only (most tests). */
  web?: Map<string, WebAsset>;
}

/** The ЕОО server: the capabilities' routes, the desktop areas, the live channel, the browser app. */
export function buildDesktop(context: ServiceContext, options: BuildDesktopOptions = {}): Desktop {
  const config = loadConfig(desktopConfigSchema, context.env);
  const prefix = context.config.REDIS_PREFIX;
  const sessions = new SessionStore(
    context.redis(),
    prefix,
    { idleMs: config.SESSION_IDLE_MINUTES * 60_000, maxAgeMs: config.SESSION_MAX_HOURS * 3_600_000 },
    context.clock,
  );
  const login = new LoginService(
    context.pool(),
    context.redis(),
    prefix,
    sessions,
    {
      maxFailures: config.LOGIN_MAX_FAILURES,
      lockMs: config.LOGIN_LOCK_MINUTES * 60_000,
      ratePerMinute: config.LOGIN_RATE_PER_MINUTE,
    },
    context.clock,
  );
  const recordings = buildRecordings(context);
  const live = new LiveHub({ sessions, clock: context.clock, logger: context.logger });
  const desktopContext: DesktopContext = {
    service: context,
    config,
    pool: context.pool(),
    redis: context.redis(),
    prefix,
    clock: context.clock,
    logger: context.logger,
    timeZone: context.config.HOTLINE_TZ,
    acd: acdFromContext(context),
    sessions,
    live,
  };
  for (const area of DESKTOP_AREAS) area.live?.(desktopContext);
  const appOptions: Omit<DesktopAppOptions, 'logger' | 'sessions'> = {
    routes: [
      ...authRoutes({
        pool: context.pool(),
        login,
        sessions,
        acd: desktopContext.acd,
        timeZone: context.config.HOTLINE_TZ,
        cookie: { secure: config.DESKTOP_COOKIE_SECURE, maxAgeMs: config.SESSION_MAX_HOURS * 3_600_000 },
      }),
      ...DESKTOP_AREAS.flatMap((area) => area.routes?.(desktopContext) ?? []),
    ],
    ...(options.web ? { web: serveWebApp(options.web) } : {}),
    mounted: [
      ...DESKTOP_AREAS.flatMap((area) => area.mounted?.(desktopContext) ?? []),
      campaignsMount(context, (req) => (req as AuthedRequest).session),
      {
        router: recordingsRouter({
          pool: context.pool(),
          storage: recordings.storage,
          rules: {
            ...DEFAULT_ACCESS_RULES,
            operatorsOwnCalls: recordings.config.RECORDINGS_OPERATORS_OWN_CALLS,
            requireReason: recordings.config.RECORDINGS_REQUIRE_REASON,
          },
          audit: recordings.audit,
          logger: context.logger,
          principalOf: (req) => {
            const session = (req as AuthedRequest).session;
            return session ? { userId: session.userId, roles: session.roles } : undefined;
          },
        }),
        routes: [
          '/api/recordings',
          '/api/recordings/:id',
          '/api/recordings/:id/audio',
          '/api/recordings/:id/download',
        ].map((path) => ({
          method: 'get' as const,
          path,
          access: recordings.config.RECORDINGS_OPERATORS_OWN_CALLS
            ? (['operator', 'supervisor', 'quality'] as const)
            : (['supervisor', 'quality'] as const),
          summary: 'call recordings (operators: own calls only)',
        })),
      },
    ],
  };
  return {
    app: createDesktopApp({ ...appOptions, sessions, logger: context.logger }),
    config,
    sessions,
    live,
    context: desktopContext,
    routes: declaredRoutes(appOptions),
  };
}
