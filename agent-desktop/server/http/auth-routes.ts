import type { Response } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../../core/audit/index.ts';
import type { Pool } from '../../../core/db/pool.ts';
import type { Acd } from '../acd/index.ts';
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
  /** Signing out of the desktop signs the operator out of the ACD queues too. */
  acd?: Acd;
  /** The ЕКЦ's zone (HOTLINE_TZ): the browser shows every time in it, wherever the browser is. */
  timeZone?: string;
}

/**
 * An operator who leaves the desktop must stop receiving offers: nobody would answer them. With
 * work still on the desk (a call, a chat, wrap-up) the ACD refuses "offline"; the operator is then
 * made not ready, so no new offer comes once that work ends. Returns what happened, for the audit.
 */
async function leaveQueues(acd: Acd, userId: number): Promise<string> {
  const agentId = String(userId);
  const agent = await acd.agent(agentId);
  if (!agent || agent.p === undefined || agent.p === 'offline') return 'not_signed_in';
  const offline = await acd.setState({ agentId, state: 'offline' });
  if (offline.status === 'ok') return 'offline';
  const notReady = await acd.setState({
    agentId,
    state: 'not_ready',
    reason: 'technical',
    leavingDesk: true,
  });
  return notReady.status === 'ok' ? 'not_ready_with_work' : `kept_${notReady.status}`;
}

function publicSession(session: Session, timeZone: string) {
  return {
    user: { id: session.userId, login: session.login, fullName: session.fullName, roles: session.roles },
    csrfToken: session.csrfToken,
    timeZone,
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
        res.json(publicSession(result.session, deps.timeZone ?? 'Asia/Krasnoyarsk'));
      },
    },
    {
      method: 'post',
      path: '/api/auth/logout',
      access: 'authenticated',
      summary: 'sign out',
      async handler(req, res) {
        await deps.sessions.destroy(req.session!);
        const queues = deps.acd ? await leaveQueues(deps.acd, req.session!.userId) : 'no_acd';
        await recordAudit(deps.pool, {
          userId: req.session!.userId,
          action: 'auth.logout',
          subjectType: 'user',
          subjectId: req.session!.userId,
          ip: req.ip ?? null,
          details: { queues },
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
        res.json(publicSession(req.session!, deps.timeZone ?? 'Asia/Krasnoyarsk'));
      },
    },
  ];
}
