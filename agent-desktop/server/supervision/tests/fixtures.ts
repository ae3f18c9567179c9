import { randomUUID } from 'node:crypto';
import type { Pool } from '../../../../core/db/pool.ts';
import { createUser } from '../../tests/helpers.ts';

/**
 * A small, hand-counted world for the report queries (times in UTC; the ЕКЦ is UTC+7, so local
 * 2 Nov 2026 is 2026-11-01T17:00Z … 2026-11-02T17:00Z). Every expected number in the tests is
 * derived from these rows in the comments beside them.
 */
export interface Fixtures {
  ivanova: number;
  petrov: number;
}

let appealSeq = 0;

export async function insertAppeal(
  pool: Pool,
  a: {
    channel: string;
    topics: string[];
    registeredAt: string;
    deadlineAt?: string;
    state?: string;
    answeredAt?: string;
  },
): Promise<number> {
  appealSeq++;
  const { rows } = await pool.query(
    `insert into appeals (reg_number, channel, kind, topics, description, state, registered_at, deadline_at, answered_at)
     values ($1, $2, 'simple', $3, 'обращение', $4, $5, $6, $7) returning id`,
    [
      `ЕКЦ-2026-${String(900000 + appealSeq)}`,
      a.channel,
      a.topics,
      a.state ?? 'registered',
      a.registeredAt,
      a.deadlineAt ?? '2026-12-31T00:00:00Z',
      a.answeredAt ?? null,
    ],
  );
  return Number(rows[0].id);
}

export async function insertInteraction(
  pool: Pool,
  i: {
    channel?: string;
    state?: string;
    startedAt?: string;
    queuedAt?: string;
    answeredAt?: string;
    closedAt?: string;
    queue?: string;
    agentId?: number;
    csat?: number;
    topics?: string[];
  },
): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `insert into interactions (id, channel, state, started_at, queued_at, answered_at, closed_at, queue, agent_id, csat, topics)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      i.channel ?? 'phone',
      i.state ?? 'closed',
      i.startedAt ?? i.queuedAt ?? '2026-11-02T03:00:00Z',
      i.queuedAt ?? null,
      i.answeredAt ?? null,
      i.closedAt ?? null,
      i.queue ?? null,
      i.agentId ?? null,
      i.csat ?? null,
      i.topics ?? [],
    ],
  );
  return id;
}

export async function insertEvent(
  pool: Pool,
  e: { interactionId: string; at: string; kind: string; data?: object; queue?: string },
): Promise<void> {
  await pool.query(
    'insert into interaction_events (interaction_id, at, kind, data, queue) values ($1, $2, $3, $4, $5)',
    [e.interactionId, e.at, e.kind, e.data ?? {}, e.queue ?? null],
  );
}

const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

export async function seedReportFixtures(pool: Pool): Promise<Fixtures> {
  const ivanova = await createUser(pool, `ivanova-${randomUUID().slice(0, 8)}`, ['operator']);
  const petrov = await createUser(pool, `petrov-${randomUUID().slice(0, 8)}`, ['operator']);
  await pool.query(`update users set full_name = 'Иванова Анна' where id = $1`, [ivanova]);
  await pool.query(`update users set full_name = 'Петров Олег' where id = $1`, [petrov]);

  // Appeals by topic × channel, local 2 Nov: A1, A2 (phone), A3 (telegram, last second of the day).
  await insertAppeal(pool, { channel: 'phone', topics: ['balance'], registeredAt: '2026-11-02T02:00:00Z' });
  await insertAppeal(pool, {
    channel: 'phone',
    topics: ['balance', 'meter_reading'],
    registeredAt: '2026-11-02T05:00:00Z',
  });
  await insertAppeal(pool, {
    channel: 'telegram',
    topics: ['complaint'],
    registeredAt: '2026-11-02T16:59:59Z',
  });
  // Local midnight of 3 Nov (e-mail, no topic) and the last second of local 1 Nov: outside 2 Nov.
  await insertAppeal(pool, { channel: 'email', topics: [], registeredAt: '2026-11-02T17:00:00Z' });
  await insertAppeal(pool, { channel: 'phone', topics: ['balance'], registeredAt: '2026-11-01T16:59:59Z' });

  // Appeal deadlines (registered in October, so they stay out of the topic report):
  // D1 answered exactly at the deadline (met), D2 one millisecond late, D3 no action before the
  // deadline (met), D4 still open past it, D5 due after "now" (not yet measurable).
  const october = '2026-10-20T03:00:00Z';
  await insertAppeal(pool, {
    channel: 'phone',
    topics: ['bill'],
    registeredAt: october,
    deadlineAt: '2026-11-05T10:00:00Z',
    state: 'answered',
    answeredAt: '2026-11-05T10:00:00Z',
  });
  await insertAppeal(pool, {
    channel: 'phone',
    topics: ['bill'],
    registeredAt: october,
    deadlineAt: '2026-11-05T10:00:00Z',
    state: 'answered',
    answeredAt: '2026-11-05T10:00:00.001Z',
  });
  const d3 = await insertAppeal(pool, {
    channel: 'email',
    topics: ['other'],
    registeredAt: october,
    deadlineAt: '2026-11-05T11:00:00Z',
    state: 'no_action',
  });
  await pool.query(
    `insert into appeal_events (appeal_id, at, state, note) values ($1, '2026-11-04T09:00:00Z', 'no_action', 'повтор')`,
    [d3],
  );
  await insertAppeal(pool, {
    channel: 'phone',
    topics: ['bill'],
    registeredAt: october,
    deadlineAt: '2026-11-05T12:00:00Z',
  });
  await insertAppeal(pool, {
    channel: 'phone',
    topics: ['bill'],
    registeredAt: october,
    deadlineAt: '2026-11-06T12:00:00Z',
  });

  // Voice offers and waits on 2 Nov (events only; these rows have no queue arrival, so the calls
  // report does not see them): answered at 15 s / waited 100 s (both kept), answered at 3 s /
  // waited 100.001 s, one missed, one declined, one released by logout (not an ended offer).
  const at = '2026-11-02T04:00:00Z';
  const answered = async (data: object) =>
    insertEvent(pool, { interactionId: await insertInteraction(pool, {}), at, kind: 'acd_answered', data });
  await answered({ offerMs: 15_000, waitedMs: 100_000 });
  await answered({ offerMs: 3_000, waitedMs: 100_001 });
  for (const reason of ['missed', 'rejected', 'released']) {
    await insertEvent(pool, {
      interactionId: await insertInteraction(pool, {}),
      at,
      kind: 'acd_withdrawn',
      data: { reason },
    });
  }
  // Chat first answers at local 11:00 (ЕКЦ open since 08:00): at exactly 15 min (kept), at 15 min
  // + 1 ms; a phone "first answer" is ignored. Two chats arrived at local 00:30, closed hours: their
  // 15 minutes run from the 08:00 opening — answered at 08:15:00.000 (kept) and at .001 (late).
  const night = [
    ['vk', '2026-11-02T01:15:00.000Z'],
    ['vk', '2026-11-02T01:15:00.001Z'],
  ] as const;
  for (const [channel, answeredAt, afterMs] of [
    ['telegram', at, 900_000],
    ['web_chat', at, 900_001],
    ['phone', at, 10],
    ...night.map(
      ([channel, iso]) => [channel, iso, Date.parse(iso) - Date.parse('2026-11-01T17:30:00Z')] as const,
    ),
  ] as const) {
    await insertEvent(pool, {
      interactionId: await insertInteraction(pool, { channel }),
      at: answeredAt,
      kind: 'acd_first_answer',
      data: { afterMs },
    });
  }

  // CSAT on 2 Nov: Иванова 5 (balance), 4 (balance), 3 (no topic); Петров 2 (balance, complaint).
  // 3 Nov: Петров 1 (outside a 2 Nov period).
  await insertInteraction(pool, { agentId: ivanova, csat: 5, topics: ['balance'] });
  await insertInteraction(pool, { agentId: ivanova, csat: 4, topics: ['balance'], channel: 'telegram' });
  await insertInteraction(pool, { agentId: ivanova, csat: 3 });
  await insertInteraction(pool, { agentId: petrov, csat: 2, topics: ['balance', 'complaint'] });
  await insertInteraction(pool, { agentId: petrov, csat: 1, startedAt: '2026-11-03T03:00:00Z' });

  // Calls through the queue (alert 100 s, short abandon 5 s), arrivals at local 09:xx and 10:xx on
  // 2 Nov and local 00:00 on 3 Nov.
  await pool.query(
    `insert into acd_queues (name, media, alert_ms, short_abandon_ms) values ('voice_reports', 'voice', 100000, 5000)`,
  );
  const call = (queuedAt: string, waitMs: number, outcome: 'answered' | 'abandoned') =>
    insertInteraction(pool, {
      queue: 'voice_reports',
      queuedAt,
      state: outcome === 'answered' ? 'closed' : 'abandoned',
      ...(outcome === 'answered'
        ? { answeredAt: plus(queuedAt, waitMs), closedAt: plus(queuedAt, waitMs + 60_000) }
        : { closedAt: plus(queuedAt, waitMs) }),
    });
  await call('2026-11-02T02:00:00Z', 100_000, 'answered'); // 09h, within 100 s
  await call('2026-11-02T02:10:00Z', 100_001, 'answered'); // 09h, over 100 s
  await call('2026-11-02T02:20:00Z', 4_999, 'abandoned'); // 09h, short
  await call('2026-11-02T03:00:00Z', 5_000, 'abandoned'); // 10h, counted, within 100 s
  await call('2026-11-02T03:10:00Z', 100_001, 'abandoned'); // 10h, after the limit
  await call('2026-11-02T17:00:00Z', 10_000, 'answered'); // local 3 Nov 00h
  return { ivanova, petrov };
}
