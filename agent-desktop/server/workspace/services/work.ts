import type { AgentState, NotReadyReason } from '../../../../core/vocabulary/index.ts';
import type { DeskState, WorkItem } from '../../../shared/workspace.ts';

export interface QueueLimits {
  offerTimeoutMs: number;
  wrapUpMs: number;
}

const LIVE_STATES = new Set(['offered', 'connected', 'wrap_up']);
const at = (value: string | undefined) => (value ? Number(value) : null);

/** The desk view of one ACD interaction hash; undefined when it is no longer on a desk. */
export function workItem(
  id: string,
  hash: Record<string, string>,
  limits: QueueLimits,
): WorkItem | undefined {
  if (!LIVE_STATES.has(hash.st ?? '')) return undefined;
  const offeredAt = at(hash.off);
  const talkEndedAt = at(hash.tend);
  return {
    id,
    state: hash.st as WorkItem['state'],
    queue: hash.q ?? '',
    media: hash.media === 'chat' ? 'chat' : 'voice',
    channel: hash.ch ?? '',
    topics: hash.tp ? hash.tp.split(',') : [],
    callback: hash.cb === '1',
    offeredAt,
    offerDeadline: hash.st === 'offered' && offeredAt !== null ? offeredAt + limits.offerTimeoutMs : null,
    answeredAt: at(hash.ans),
    talkEndedAt,
    wrapUpDeadline: hash.st === 'wrap_up' && talkEndedAt !== null ? talkEndedAt + limits.wrapUpMs : null,
  };
}

export function deskState(agent: Record<string, string> | null): DeskState {
  if (!agent) return { signedIn: false, state: 'offline', reason: null, since: null };
  const state = (agent.ds || 'offline') as AgentState;
  return {
    signedIn: agent.p !== undefined && agent.p !== 'offline',
    state,
    reason: state === 'not_ready' && agent.rsn ? (agent.rsn as NotReadyReason) : null,
    since: agent.ss ? Number(agent.ss) : agent.ps ? Number(agent.ps) : null,
  };
}

/** Why a break was refused, for the operator (R-ACD-6: a queue keeps its ready operators). */
export function breakRefusal(queue: string): string {
  return (
    `Сейчас уйти на перерыв нельзя: в очереди «${queue}» не останется достаточно готовых операторов. ` +
    'Пожалуйста, попробуйте немного позже.'
  );
}

export const SIGN_OUT_WHILE_BUSY =
  'Нельзя выйти из очередей, пока идёт обслуживание или поствызывная обработка. Сначала завершите текущую работу.';
export const NOT_SIGNED_IN = 'Сначала войдите в очереди.';
export const NO_QUEUES = 'Вам не назначены очереди. Пожалуйста, обратитесь к администратору.';
