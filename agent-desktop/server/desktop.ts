import type { Express } from 'express';
import { loadConfig } from '../../core/config/load.ts';
import type { ServiceContext } from '../../core/platform/service.ts';
import { recordingsRouter } from '../../recordings/http/router.ts';
import { buildRecordings } from '../../recordings/service.ts';
import { DEFAULT_ACCESS_RULES } from '../../recordings/services/access.ts';
import { LoginService } from './auth/login.ts';
import { SessionStore } from './auth/sessions.ts';
import { type DesktopConfig, desktopConfigSchema } from './config.ts';
import { createDesktopApp, type DesktopAppOptions, declaredRoutes } from './http/app.ts';
import { authRoutes } from './http/auth-routes.ts';
import type { AuthedRequest, RouteSpec } from './http/routes.ts';

export interface Desktop {
  app: Express;
  config: DesktopConfig;
  sessions: SessionStore;
  routes: Array<Omit<RouteSpec, 'handler'>>;
}

/** The ЕОО server's HTTP side, composed from the capabilities' routes. */
export function buildDesktop(context: ServiceContext): Desktop {
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
  const options: Omit<DesktopAppOptions, 'logger' | 'sessions'> = {
    routes: authRoutes({
      pool: context.pool(),
      login,
      sessions,
      cookie: { secure: config.DESKTOP_COOKIE_SECURE, maxAgeMs: config.SESSION_MAX_HOURS * 3_600_000 },
    }),
    mounted: [
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
    app: createDesktopApp({ ...options, sessions, logger: context.logger }),
    config,
    sessions,
    routes: declaredRoutes(options),
  };
}
