import type { UserRole } from '../../core/vocabulary/states.ts';
import type { RecordingRow } from '../schemas/recording.ts';

export interface Principal {
  userId: number;
  roles: readonly UserRole[];
}

export type RecordingAction = 'search' | 'play' | 'download';

export interface AccessRules {
  /** Roles that may search, play and download any recording. */
  fullAccessRoles: readonly UserRole[];
  /** Operators may reach recordings of calls they took part in (R-REC-2 lets a retailer turn it off). */
  operatorsOwnCalls: boolean;
  /** Ask for a reason on play/download (stored in the audit log). */
  requireReason: boolean;
}

export const DEFAULT_ACCESS_RULES: AccessRules = {
  fullAccessRoles: ['quality', 'supervisor'],
  operatorsOwnCalls: true,
  requireReason: false,
};

export type AccessDecision = { allowed: true; ownCallsOnly: boolean } | { allowed: false; reason: string };

/** Whether this principal may reach any recording at all (checked before looking one up). */
export function mayReachRecordings(rules: AccessRules, principal: Principal): boolean {
  return (
    principal.roles.some((role) => rules.fullAccessRoles.includes(role)) ||
    (rules.operatorsOwnCalls && principal.roles.includes('operator'))
  );
}

/** Who may do what with recordings; the recording is given for play/download, not for search. */
export function decideAccess(
  rules: AccessRules,
  principal: Principal,
  action: RecordingAction,
  recording?: RecordingRow,
): AccessDecision {
  if (principal.roles.some((role) => rules.fullAccessRoles.includes(role))) {
    return { allowed: true, ownCallsOnly: false };
  }
  if (rules.operatorsOwnCalls && principal.roles.includes('operator')) {
    if (action === 'search' && !recording) return { allowed: true, ownCallsOnly: true };
    if (recording?.agent_ids.includes(principal.userId)) return { allowed: true, ownCallsOnly: true };
    return { allowed: false, reason: 'an operator may reach only recordings of their own calls' };
  }
  return { allowed: false, reason: 'this role has no access to call recordings' };
}
