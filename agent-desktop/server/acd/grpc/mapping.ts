import type { Duration } from '../../../../proto/gen/google/protobuf/duration.ts';
import type {
  AgentStatus,
  Assignment,
  Offer,
  QueueEstimate,
} from '../../../../proto/gen/hotline/contact_center/v1/contact_center.ts';
import type { QueueFigures } from '../services/service-level.ts';

export function duration(ms: number): Duration {
  const whole = Math.max(0, Math.round(ms));
  return { seconds: Math.floor(whole / 1000), nanos: (whole % 1000) * 1_000_000 };
}

const topicsOf = (ix: Record<string, string>) => (ix.tp ? ix.tp.split(',') : []);

/** An offer as the IVR (rings the operator) and the desktop (shows it) need it. */
export function offerMessage(ixId: string, ix: Record<string, string>, offerTimeoutMs: number): Offer {
  const offeredAt = Number(ix.off);
  return {
    interactionId: ixId,
    agentId: ix.ag ?? '',
    agentEndpoint: '',
    channel: ix.ch ?? '',
    topics: topicsOf(ix),
    priority: Number(ix.pr ?? 0),
    queue: ix.q ?? '',
    accountNumber: '',
    clientId: '',
    offeredAt: new Date(offeredAt),
    offerTimeout: duration(offerTimeoutMs),
    expiresAt: new Date(offeredAt + offerTimeoutMs),
    waited: duration(offeredAt - Number(ix.enq)),
  };
}

export function assignmentMessage(ixId: string, ix: Record<string, string>): Assignment {
  return {
    interactionId: ixId,
    agentId: ix.ag ?? '',
    agentEndpoint: '',
    channel: ix.ch ?? '',
    topics: topicsOf(ix),
    queue: ix.q ?? '',
    assignedAt: new Date(Number(ix.ans)),
    waited: duration(Number(ix.ans) - Number(ix.enq)),
  };
}

export function agentStatusMessage(agentId: string, a: Record<string, string>): AgentStatus {
  return {
    agentId,
    state: a.ds ?? 'offline',
    notReadyReason: a.ds === 'not_ready' ? (a.rsn ?? '') : '',
    since: a.ss ? new Date(Number(a.ss)) : undefined,
    activeChats: Number(a.nChat ?? 0),
    chatCapacity: Number(a.cap ?? 0),
  };
}

export function estimateMessage(figures: QueueFigures): QueueEstimate {
  return {
    estimatedWait: figures.estimatedWaitMs === null ? undefined : duration(figures.estimatedWaitMs),
    readyAgents: figures.readyAgents,
    loggedInAgents: figures.staffedAgents,
  };
}
