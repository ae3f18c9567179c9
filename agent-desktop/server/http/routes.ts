import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { UserRole } from '../../../core/vocabulary/states.ts';
import type { Session } from '../auth/sessions.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: nobody signed in, anybody signed in, or the listed roles. */
export type Access = 'public' | 'authenticated' | readonly UserRole[];

export interface RouteSpec {
  method: HttpMethod;
  path: string;
  access: Access;
  /** One line for the route listing and the role × route test. */
  summary: string;
  handler: (req: AuthedRequest, res: Response, next: NextFunction) => unknown;
}

export interface AuthedRequest extends Request {
  session?: Session;
}

export function allows(access: Access, session: Session | undefined): 'ok' | 'unauthenticated' | 'forbidden' {
  if (access === 'public') return 'ok';
  if (!session) return 'unauthenticated';
  if (access === 'authenticated') return 'ok';
  return session.roles.some((role) => access.includes(role)) ? 'ok' : 'forbidden';
}

/** The role check every route goes through, declared next to the route, enforced on the server. */
export function guard(spec: RouteSpec): RequestHandler {
  return (req: AuthedRequest, res, next) => {
    const verdict = allows(spec.access, req.session);
    if (verdict === 'unauthenticated')
      return void res.status(401).json({ error: 'Требуется вход в систему' });
    if (verdict === 'forbidden')
      return void res.status(403).json({ error: 'Недостаточно прав для этого действия' });
    return spec.handler(req, res, next);
  };
}
