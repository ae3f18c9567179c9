import type { UserRole } from '../../../core/vocabulary/states.ts';
import type { AcdEvent } from '../acd/index.ts';
import type { Session } from '../auth/sessions.ts';

/** Who receives a live message: listed operators (by user id) and/or everyone holding a role. */
export interface Audience {
  agentIds?: readonly string[];
  roles?: readonly UserRole[];
}

export interface LiveMessage {
  audience: Audience;
  message: { type: string; [field: string]: unknown };
}

const WATCHERS: readonly UserRole[] = ['supervisor', 'admin', 'quality'];

export function reaches(audience: Audience, session: Pick<Session, 'userId' | 'roles'>): boolean {
  if (audience.agentIds?.includes(String(session.userId))) return true;
  return Boolean(audience.roles?.some((role) => session.roles.includes(role)));
}

/**
 * An ACD event's audience: what concerns one operator (their offers, their state) goes to that
 * operator; supervisors see everything; queue figures are for everyone signed in, so an operator
 * sees how many are waiting. The operators' figures (every operator's state and counts, tens of
 * kilobytes each publication) are the wallboard's: sent to all operators they were most of the
 * live traffic for nobody's screen.
 */
export function acdAudience(event: AcdEvent): Audience {
  if (event.type === 'figures')
    return event.scope === 'agents' ? { roles: WATCHERS } : { roles: ['operator', ...WATCHERS] };
  const agent = typeof event.agent === 'string' && event.agent ? [event.agent] : [];
  return { agentIds: agent, roles: WATCHERS };
}
