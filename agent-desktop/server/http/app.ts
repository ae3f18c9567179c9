import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import type { Logger } from '../../../core/logging/logger.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { HttpRefusal } from './refusal.ts';
import { type AuthedRequest, guard, type RouteSpec } from './routes.ts';
import { csrfProtection, securityHeaders, sessionMiddleware } from './security.ts';

/** A router owned by another capability (recordings, …) with its own checks, and its routes declared. */
export interface MountedRouter {
  router: Router;
  routes: Array<Omit<RouteSpec, 'handler'>>;
}

export interface DesktopAppOptions {
  routes: RouteSpec[];
  mounted: MountedRouter[];
  sessions: SessionStore;
  logger: Logger;
  /** Serves the browser app (bundled in memory at start). */
  web?: RequestHandler;
}

export function createDesktopApp(options: DesktopAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(express.json({ limit: '256kb' }));
  app.use(sessionMiddleware(options.sessions));
  app.use(csrfProtection);
  for (const spec of options.routes) app[spec.method](spec.path, guard(spec));
  for (const mount of options.mounted) app.use('/api', mount.router);
  if (options.web) app.use(options.web);
  app.use('/api', (_req, res) => void res.status(404).json({ error: 'Нет такого адреса' }));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof HttpRefusal) return void res.status(error.status).json({ error: error.message });
    const status = (error as { status?: number; type?: string }).status;
    if (status && status >= 400 && status < 500) {
      return void res.status(status).json({ error: 'Некорректный запрос' });
    }
    options.logger.error(
      { err: error, method: req.method, route: (req as AuthedRequest).route?.path },
      'request failed',
    );
    if (!res.headersSent) res.status(500).json({ error: 'Внутренняя ошибка. Мы уже разбираемся' });
  });
  return app;
}

/** Every route the server answers, for the route listing and the role × route test. */
export function declaredRoutes(
  options: Pick<DesktopAppOptions, 'routes' | 'mounted'>,
): Array<Omit<RouteSpec, 'handler'>> {
  return [
    ...options.routes.map(({ handler: _handler, ...rest }) => rest),
    ...options.mounted.flatMap((mount) => mount.routes),
  ];
}
