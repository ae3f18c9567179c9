import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { SessionStore } from '../auth/sessions.ts';
import type { AuthedRequest } from './routes.ts';

export const SESSION_COOKIE = 'hotline_sid';
export const CSRF_HEADER = 'x-csrf-token';

export function securityHeaders(_req: AuthedRequest, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; media-src 'self' blob:; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'",
  );
  next();
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** Attaches the signed-in session (if any) to the request. */
export function sessionMiddleware(sessions: SessionStore) {
  return async (req: AuthedRequest, _res: Response, next: NextFunction) => {
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (id) req.session = await sessions.touch(id);
    next();
  };
}

/**
 * CSRF: state-changing requests from a signed-in browser must echo the session's token in a header
 * (a cross-site form cannot set headers); the cookie is also SameSite=Strict.
 */
export function csrfProtection(req: AuthedRequest, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
    next();
    return;
  }
  // A browser names the page that sent the request; another site's page is refused even before
  // sign-in (login CSRF).
  const origin = req.get('origin');
  if (origin && origin !== 'null' && hostOf(origin) !== req.get('host')) {
    res.status(403).json({ error: 'Запрос с другого сайта отклонён' });
    return;
  }
  if (!req.session) {
    next();
    return;
  }
  const sent = req.get(CSRF_HEADER) ?? '';
  const expected = req.session.csrfToken;
  const ok = sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  if (!ok) {
    res.status(403).json({ error: 'Сессия устарела: обновите страницу (CSRF)' });
    return;
  }
  next();
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
