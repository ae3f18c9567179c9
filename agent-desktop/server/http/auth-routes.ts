import type { Response } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../../core/audit/index.ts';
import type { Pool } from '../../../core/db/pool.ts';
import type { LoginService } from '../auth/login.ts';
import type { Session, SessionStore } from '../auth/sessions.ts';
import type { RouteSpec } from './routes.ts';
import { SESSION_COOKIE } from './security.ts';

const loginSchema = z.object({
  login: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

export interface AuthRoutesDeps {
  pool: Pool;
  login: LoginService;
  sessions: SessionStore;
  cookie: { secure: boolean; maxAgeMs: number };
}

function publicSession(session: Session) {
  return {
    user: { id: session.userId, login: session.login, fullName: session.fullName, roles: session.roles },
    csrfToken: session.csrfToken,
  };
}

export function authRoutes(deps: AuthRoutesDeps): RouteSpec[] {
  const setCookie = (res: Response, value: string, maxAgeMs: number) =>
    res.cookie(SESSION_COOKIE, value, {
      httpOnly: true,
      secure: deps.cookie.secure,
      sameSite: 'strict',
      path: '/',
      maxAge: maxAgeMs,
    });
  return [
    {
      method: 'post',
      path: '/api/auth/login',
      access: 'public',
      summary: 'sign in with login and password',
      async handler(req, res) {
        const body = loginSchema.safeParse(req.body);
        if (!body.success) return void res.status(400).json({ error: 'Укажите логин и пароль' });
        const result = await deps.login.login(body.data.login, body.data.password, req.ip ?? '0.0.0.0');
        if (!result.ok) {
          if (result.retryAfterS) res.setHeader('Retry-After', String(result.retryAfterS));
          const messages = {
            invalid: [401, 'Неверный логин или пароль'],
            locked: [423, 'Учётная запись временно заблокирована после нескольких неудачных попыток входа'],
            rate_limited: [429, 'Слишком много попыток входа, повторите через минуту'],
          } as const;
          const [status, error] = messages[result.reason];
          return void res.status(status).json({ error });
        }
        setCookie(res, result.session.id, deps.cookie.maxAgeMs);
        res.json(publicSession(result.session));
      },
    },
    {
      method: 'post',
      path: '/api/auth/logout',
      access: 'authenticated',
      summary: 'sign out',
      async handler(req, res) {
        await deps.sessions.destroy(req.session!);
        await recordAudit(deps.pool, {
          userId: req.session!.userId,
          action: 'auth.logout',
          subjectType: 'user',
          subjectId: req.session!.userId,
          ip: req.ip ?? null,
        });
        setCookie(res, '', 0);
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/api/session',
      access: 'authenticated',
      summary: 'who is signed in, and the CSRF token',
      handler(req, res) {
        res.json(publicSession(req.session!));
      },
    },
  ];
}
