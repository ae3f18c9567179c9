import type { InteractionOutcome, InteractionState } from '../../../../core/vocabulary/index.ts';

/** One transition as the Lua commands append it to the outbox stream. */
export interface OutboxRecord {
  id: string;
  kind: string;
  ix: string;
  at: number;
  queue: string | undefined;
  agent: string | undefined;
  version: number;
  data: Record<string, unknown>;
}

export function parseRecord(id: string, fields: string[]): OutboxRecord {
  const f: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const data = f.d && f.d !== '{}' ? (JSON.parse(f.d) as Record<string, unknown>) : {};
  return {
    id,
    kind: f.k ?? '',
    ix: f.ix ?? '',
    at: Number(f.at),
    queue: f.q || undefined,
    agent: f.ag || undefined,
    version: Number(f.v),
    data,
  };
}

/** What one batch changes on one interactions row. */
export interface InteractionUpdate {
  id: string;
  seq: number;
  state?: InteractionState;
  queue?: string;
  priority?: number;
  agentId?: string;
  queuedAt?: number;
  offeredAt?: number;
  answeredAt?: number;
  talkEndedAt?: number;
  wrapUpEndedAt?: number;
  closedAt?: number;
  outcome?: InteractionOutcome;
  callback?: boolean;
  /** Only from an enqueue: enough to create the row if the IVR/chatbot did not open it. */
  channel?: string;
  startedAt?: number;
  topics?: string;
}

const STATE_AFTER: Record<string, InteractionState | undefined> = {
  enqueued: 'queued',
  restored: 'queued',
  withdrawn: 'queued',
  overflowed: 'queued',
  callback: 'queued',
  offered: 'offered',
  answered: 'connected',
  wrap_up: 'wrap_up',
  closed: 'closed',
  abandoned: 'abandoned',
};

/** Folds a batch, in stream order, into one update per interaction (the last word wins). */
export function foldRecords(records: OutboxRecord[]): InteractionUpdate[] {
  const rows = new Map<string, InteractionUpdate>();
  for (const r of records) {
    const row = rows.get(r.ix) ?? { id: r.ix, seq: 0 };
    rows.set(r.ix, row);
    if (r.version < row.seq) continue;
    row.seq = r.version;
    row.state = STATE_AFTER[r.kind] ?? row.state;
    if (r.queue) row.queue = r.queue;
    if (r.agent) row.agentId = r.agent;
    switch (r.kind) {
      case 'enqueued':
      case 'restored':
        row.channel = String(r.data.channel);
        row.priority = Number(r.data.priority);
        row.queuedAt = Number(r.data.enqueuedAt);
        row.startedAt = Number(r.data.startedAt);
        row.topics = String(r.data.topics ?? '');
        row.callback = Boolean(r.data.callback);
        break;
      case 'offered':
        row.offeredAt = r.at;
        break;
      case 'answered':
        row.answeredAt = r.at;
        break;
      case 'wrap_up':
        row.talkEndedAt = r.at;
        break;
      case 'closed':
        row.wrapUpEndedAt = r.at;
        row.closedAt = r.at;
        break;
      case 'abandoned':
        row.closedAt = r.at;
        row.outcome = 'abandoned';
        break;
      case 'callback':
        row.callback = true;
        break;
    }
  }
  return [...rows.values()];
}
