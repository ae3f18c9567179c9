import type { LiveQueueFigures, WaitTone, WaitWatch } from '../../../../shared/wallboard.ts';
import type { LiveMessage } from '../../live.ts';
import type { AlertEvent } from './alerts.ts';

/** The wallboard's state: the server's snapshot, then kept current by live ACD events. */
export interface WallboardQueue {
  name: string;
  media: string;
  /** As the ACD computed them (service level, estimated wait, the wait's colour…): shown as they are. */
  figures: LiveQueueFigures;
  /** Server time the figures were read (the longest wait grows from there). */
  figuresAt: number;
}

export interface WallboardAgent {
  agentId: string;
  state: string;
  reason: string;
  /** Server instant the operator entered the state. */
  since: number;
  activeChats: number;
  chatCapacity: number;
  handled: number;
  missedOffers: number;
}

export interface Wallboard {
  queues: WallboardQueue[];
  agents: WallboardAgent[];
  chatsNearing: { ix: string; queue: string; dueAt: number }[];
  alerts: AlertEvent[];
  names: Record<string, string>;
}

interface SnapshotAgent extends Omit<WallboardAgent, 'since'> {
  timeInStateMs: number;
}

const ALERTS_KEPT = 50;

/** The `wallboard` part of `hello`, as the server's supervision area sends it. */
export interface WallboardSnapshot {
  at: number;
  queues?: Omit<WallboardQueue, 'figuresAt'>[];
  agents?: SnapshotAgent[];
  chatsNearing?: Wallboard['chatsNearing'];
  alerts?: AlertEvent[];
  names?: Record<string, string>;
}

export function fromSnapshot(snapshot: WallboardSnapshot | null | undefined): Wallboard | null {
  if (!snapshot) return null;
  const at = Number(snapshot.at);
  return {
    queues: (snapshot.queues ?? []).map((q) => ({ ...q, figuresAt: at })),
    agents: (snapshot.agents ?? []).map((a: SnapshotAgent) => toAgent(a, at)),
    chatsNearing: snapshot.chatsNearing ?? [],
    alerts: snapshot.alerts ?? [],
    names: snapshot.names ?? {},
  };
}

function toAgent(a: SnapshotAgent, at: number): WallboardAgent {
  const { timeInStateMs, ...rest } = a;
  return { ...rest, since: at - timeInStateMs };
}

/** Applies one live message; returns the same object when it changes nothing. */
export function applyLive(board: Wallboard, message: LiveMessage): Wallboard {
  const at = Number(message.at);
  switch (message.type) {
    case 'acd.figures': {
      const figures = JSON.parse(String(message.figures));
      if (message.scope === 'queue') {
        const known = board.queues.some((q) => q.name === message.queue);
        if (!known) return board; // a new queue appears with the next snapshot (its medium unknown here)
        return {
          ...board,
          queues: board.queues.map((q) =>
            // An ACD of an older release sends no judgement of the wait: the last one stays.
            q.name === message.queue
              ? { ...q, figures: { ...figures, wait: figures.wait ?? q.figures.wait }, figuresAt: at }
              : q,
          ),
        };
      }
      const updated = new Map(board.agents.map((a) => [a.agentId, a]));
      for (const a of figures as SnapshotAgent[]) updated.set(a.agentId, toAgent(a, at));
      return {
        ...board,
        agents: [...updated.values()].sort((x, y) => Number(x.agentId) - Number(y.agentId)),
      };
    }
    case 'acd.agent_state': {
      const agent = String(message.agent);
      const state = String(message.state);
      const others = board.agents.filter((a) => a.agentId !== agent);
      if (state === 'offline') return { ...board, agents: others };
      const previous = board.agents.find((a) => a.agentId === agent);
      const next: WallboardAgent = {
        agentId: agent,
        activeChats: 0,
        chatCapacity: 0,
        handled: 0,
        missedOffers: 0,
        ...previous,
        state,
        reason: String(message.reason ?? ''),
        since: previous?.state === state ? previous.since : at,
      };
      return { ...board, agents: [...others, next].sort((x, y) => Number(x.agentId) - Number(y.agentId)) };
    }
    case 'acd.alert':
      return {
        ...board,
        alerts: [{ ...(message as unknown as AlertEvent), type: 'alert' }, ...board.alerts].slice(
          0,
          ALERTS_KEPT,
        ),
      };
    case 'supervision.chats_nearing':
      return { ...board, chatsNearing: (message.chatsNearing as Wallboard['chatsNearing']) ?? [] };
    default:
      return board;
  }
}

/** The longest wait now: it grows by itself between figures while someone is waiting. */
export function longestWaitNow(queue: WallboardQueue, serverNow: number): number {
  if (queue.figures.waiting === 0) return 0;
  return queue.figures.longestWaitMs + Math.max(0, serverNow - queue.figuresAt);
}

/**
 * The wait's colour now: the ACD's judgement when it read the figures, moved on at the instants it
 * said the longest wait reaches the pre-alert and the limit (figures come every 5 s; the colour
 * must not wait for them).
 */
export function waitToneAt(wait: WaitWatch, serverNow: number): WaitTone {
  if (wait.alertAt !== null && serverNow >= wait.alertAt) return 'bad';
  if (wait.prealertAt !== null && serverNow >= wait.prealertAt) return 'warn';
  return wait.tone;
}
