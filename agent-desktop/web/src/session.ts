import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Role = 'operator' | 'supervisor' | 'admin' | 'quality';

export interface SessionInfo {
  user: { id: number; login: string; fullName: string; roles: Role[] };
  csrfToken: string;
  /** The ЕКЦ's time zone, in which the desktop shows every time. */
  timeZone?: string;
}

export const SessionContext = createContext<SessionInfo | null>(null);

/** The signed-in user (pages are only rendered for signed-in users). */
export function useSession(): SessionInfo {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export function hasRole(session: SessionInfo, roles: readonly Role[]): boolean {
  return session.user.roles.some((role) => roles.includes(role));
}
