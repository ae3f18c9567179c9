import { describe, expect, it } from 'vitest';
import type { LiveQueueFigures } from '../../shared/wallboard.ts';
import { alertLine } from '../src/pages/supervisor/alerts.ts';
import {
  applyLive,
  fromSnapshot,
  longestWaitNow,
  waitToneAt,
} from '../src/pages/supervisor/wallboard-state.ts';

/** The wallboard's browser-side logic: how live ACD events change what the supervisor sees. */
/** Figures as the ACD sends them, read at `at` (the wait's colour and its instants computed there). */
const figures = (waiting: number, longestWaitMs: number, at = 1_000_000): LiveQueueFigures => ({
  waiting,
  longestWaitMs,
  estimatedWaitMs: null,
  readyAgents: 0,
  staffedAgents: 1,
  answeredWithinOfferShare: null,
  serviceLevel: null,
  answeredWithinWaitShare: null,
  asaMs: null,
  abandoned: 0,
  abandonedShort: 0,
  ahtMs: null,
  wait: {
    limits: { prealertMs: 80_000, alertMs: 100_000 },
    tone: longestWaitMs >= 80_000 ? 'warn' : 'ok',
    prealertAt: waiting ? at - longestWaitMs + 80_000 : null,
    alertAt: waiting ? at - longestWaitMs + 100_000 : null,
  },
});

const snapshot = {
  at: 1_000_000,
  queues: [
    {
      name: 'voice',
      media: 'voice',
      figures: figures(1, 70_000),
    },
  ],
  agents: [
    {
      agentId: '7',
      state: 'ready',
      reason: '',
      timeInStateMs: 60_000,
      activeChats: 0,
      chatCapacity: 3,
      handled: 2,
      missedOffers: 0,
    },
  ],
  chatsNearing: [],
  alerts: [],
  names: { '7': 'Иванова Анна' },
};

describe('wallboard state', () => {
  it('lets the longest wait grow between figures and colours it at the instants the ACD gave', () => {
    const board = fromSnapshot(snapshot)!;
    const queue = board.queues[0]!;
    expect(longestWaitNow(queue, 1_009_999)).toBe(79_999);
    // The ACD said: 80 s are reached at 1 010 000, 100 s at 1 030 000 (no figures in between).
    expect(waitToneAt(queue.figures.wait, 1_009_999)).toBe('ok');
    expect(waitToneAt(queue.figures.wait, 1_010_000)).toBe('warn');
    expect(waitToneAt(queue.figures.wait, 1_029_999)).toBe('warn');
    expect(waitToneAt(queue.figures.wait, 1_030_000)).toBe('bad');
    // Nobody waiting: nothing grows, nothing turns red.
    const empty = applyLive(board, {
      type: 'acd.figures',
      scope: 'queue',
      queue: 'voice',
      at: 1_040_000,
      figures: JSON.stringify(figures(0, 0, 1_040_000)),
    });
    expect(longestWaitNow(empty.queues[0]!, 2_000_000)).toBe(0);
    expect(waitToneAt(empty.queues[0]!.figures.wait, 2_000_000)).toBe('ok');
    // A queue with its own limits (30 / 60 s): the browser follows the ACD's instants, not 80 / 100 s.
    const strict = applyLive(board, {
      type: 'acd.figures',
      scope: 'queue',
      queue: 'voice',
      at: 1_050_000,
      figures: JSON.stringify({
        ...figures(1, 40_000, 1_050_000),
        wait: {
          limits: { prealertMs: 30_000, alertMs: 60_000 },
          tone: 'warn',
          prealertAt: 1_040_000,
          alertAt: 1_070_000,
        },
      }),
    });
    expect(waitToneAt(strict.queues[0]!.figures.wait, 1_050_000)).toBe('warn');
    expect(waitToneAt(strict.queues[0]!.figures.wait, 1_070_000)).toBe('bad');
    // An ACD of an older release sends figures without the judgement: the last one stays.
    const { wait: _wait, ...old } = figures(1, 45_000, 1_055_000);
    const kept = applyLive(strict, {
      type: 'acd.figures',
      scope: 'queue',
      queue: 'voice',
      at: 1_055_000,
      figures: JSON.stringify(old),
    });
    expect(kept.queues[0]!.figures.wait.alertAt).toBe(1_070_000);
    expect(kept.queues[0]!.figures.waiting).toBe(1);
  });

  it('follows an operator state change, keeping the time in state unless the state changed', () => {
    const board = fromSnapshot(snapshot)!;
    expect(board.agents[0]!.since).toBe(940_000);
    const same = applyLive(board, {
      type: 'acd.agent_state',
      agent: '7',
      state: 'ready',
      reason: '',
      at: 1_001_000,
    });
    expect(same.agents[0]!.since).toBe(940_000);
    const missed = applyLive(board, {
      type: 'acd.agent_state',
      agent: '7',
      state: 'not_ready',
      reason: 'missed_offer',
      at: 1_002_000,
    });
    expect(missed.agents[0]).toMatchObject({
      state: 'not_ready',
      reason: 'missed_offer',
      since: 1_002_000,
      handled: 2,
    });
    const gone = applyLive(missed, {
      type: 'acd.agent_state',
      agent: '7',
      state: 'offline',
      reason: '',
      at: 1_003_000,
    });
    expect(gone.agents).toEqual([]);
  });

  it('puts new alerts first and keeps 50', () => {
    let board = fromSnapshot(snapshot)!;
    for (let i = 0; i < 55; i++) {
      board = applyLive(board, {
        type: 'acd.alert',
        kind: 'wait_prealert',
        queue: 'voice',
        id: `e${i}`,
        at: i,
      });
    }
    expect(board.alerts).toHaveLength(50);
    expect(board.alerts[0]).toMatchObject({ id: 'e54', type: 'alert' });
  });

  it('writes alerts in Russian with the operator’s name and the medium', () => {
    const names = { '7': 'Иванова Анна' };
    const media = (queue: string) => (queue === 'chat' ? 'chat' : 'voice');
    const line = (event: object) => alertLine({ type: 'alert', at: 1, ...event } as never, names, media);
    expect(line({ kind: 'missed_offer', agent: '7', queue: 'voice' })).toMatchObject({
      tone: 'bad',
      text: 'Оператор Иванова Анна не принял вызов за 15 секунд (очередь «voice»)',
    });
    expect(line({ kind: 'missed_offer', agent: '8', queue: 'chat' }).text).toBe(
      'Оператор № 8 не принял чат за 15 секунд (очередь «chat»)',
    );
    expect(line({ kind: 'wait_alert', queue: 'voice', waited_ms: '100001' }).text).toBe(
      'Очередь «voice»: ожидание превысило 100 секунд (100 с)',
    );
    expect(line({ kind: 'wait_prealert', queue: 'voice', waited_ms: '80000' }).tone).toBe('warn');
  });
});
