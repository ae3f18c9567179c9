import type { Redis } from 'ioredis';
import type { AcdKeys } from '../keys.ts';

/**
 * Live events (Redis Stream `{<prefix>:acd}:ev`) for desktops and supervisors. Types:
 * queued, offered, offer_withdrawn, answered, wrap_up, closed, abandoned, callback, overflowed,
 * agent_state, alert (kind: missed_offer, wait_prealert, wait_alert, wrap_up_auto_ended,
 * chat_first_answer_overdue, chat_appeal_overdue) and figures (published by FiguresPublisher).
 */
export interface AcdEvent {
  id: string;
  type: string;
  at: number;
  [field: string]: string | number;
}

function parse(id: string, fields: string[]): AcdEvent {
  const event: AcdEvent = { id, type: '', at: 0 };
  for (let i = 0; i < fields.length; i += 2) event[fields[i]!] = fields[i + 1]!;
  event.at = Number(event.at);
  return event;
}

/** Events after `afterId` (exclusive), oldest first. */
export async function readEvents(
  redis: Redis,
  keys: AcdKeys,
  afterId = '-',
  count = 10_000,
): Promise<AcdEvent[]> {
  const start = afterId === '-' ? '-' : `(${afterId}`;
  const rows = (await redis.xrange(keys.events, start, '+', 'COUNT', count)) as [string, string[]][];
  return rows.map(([id, fields]) => parse(id, fields));
}

/**
 * Follows the stream from `afterId` ('$' = only new ones), blocking up to `blockMs` per read; a
 * desktop server runs one per process and fans out over WebSocket / gRPC. Use a dedicated
 * connection: a blocking read holds it.
 */
export async function* followEvents(
  redis: Redis,
  keys: AcdKeys,
  options: { afterId?: string; blockMs?: number; signal?: AbortSignal } = {},
): AsyncGenerator<AcdEvent> {
  // '$' is resolved once to the stream's current last id: passed to every XREAD it would mean
  // "after the newest at THIS read", losing whatever was added between an empty read's timeout
  // and the next read (an offer the IVR waits for, an alert a wallboard shows).
  let last = options.afterId ?? '$';
  if (last === '$') last = (await redis.xrevrange(keys.events, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
  while (!options.signal?.aborted) {
    const reply = (await redis.xread(
      'COUNT',
      500,
      'BLOCK',
      options.blockMs ?? 1_000,
      'STREAMS',
      keys.events,
      last,
    )) as [string, [string, string[]][]][] | null;
    if (!reply) continue;
    for (const [id, fields] of reply[0]![1]) {
      last = id;
      yield parse(id, fields);
    }
  }
}

export async function publishEvent(
  redis: Redis,
  keys: AcdKeys,
  at: number,
  fields: Record<string, string | number>,
): Promise<string> {
  const flat = Object.entries(fields).flatMap(([k, v]) => [k, String(v)]);
  return (await redis.xadd(keys.events, 'MAXLEN', '~', '100000', '*', 'at', String(at), ...flat)) as string;
}
