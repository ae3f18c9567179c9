import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  Acd,
  acdWorkingTime,
  followEvents,
  saveQueue,
  saveSkills,
} from '../../agent-desktop/server/acd/index.ts';
import { createWorkingTime } from '../../core/calendar/index.ts';
import type { Pool } from '../../core/db/index.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';

const QUEUE = 'chat_faults';

export interface ChatDeskPlan {
  operators: number;
  /** Chats one operator holds at most (users.chat_capacity and the ACD login). */
  capacity: number;
  /** New chats put in the queue per second. */
  chatsPerSecond: number;
  /** Each chat is answered, lasts 0.5–1.5 × this, then wrapped up at once. */
  chatMs: number;
}

/**
 * Chat operators at their desktops, under the faults: web chats enter a chat queue of the ACD
 * (as the chatbot's hand-over does) and operators with a chat limit accept every offer, chat,
 * finish and end wrap-up, as the desktop server would on their clicks. Redis going away only
 * makes a step fail and be tried again on the next event or tick: the ACD's own guarantees —
 * never above an operator's chat limit, never one chat to two operators — are what is checked
 * afterwards in PostgreSQL (`countChatAssignments`).
 */
export async function startChatDesk(pool: Pool, redis: Redis, prefix: string, plan: ChatDeskPlan) {
  const acd = new Acd({
    redis,
    prefix,
    clock: systemClock,
    workingTime: acdWorkingTime(createWorkingTime({ clock: systemClock, timeZone: 'Asia/Krasnoyarsk' })),
  });
  await saveQueue(pool, { name: QUEUE, media: 'chat', wrapUpMs: 60_000 });
  await acd.defineQueue({ name: QUEUE, media: 'chat', topics: [], wrapUpMs: 60_000 });
  const agents: string[] = [];
  for (let i = 1; i <= plan.operators; i++) {
    const { rows } = await pool.query<{ id: string }>(
      `insert into users (login, full_name, password_hash, roles, chat_capacity)
       values ($1, $2, 'x', array['operator'], $3) returning id::text`,
      [`chatop${i}`, `Оператор чата ${i}`, plan.capacity],
    );
    await saveSkills(pool, rows[0]!.id, [{ queue: QUEUE, level: 5 }]);
    agents.push(rows[0]!.id);
  }
  const login = (agentId: string) =>
    acd.login({ agentId, skills: [{ queue: QUEUE, level: 5 }], chatCapacity: plan.capacity, state: 'ready' });
  for (const agentId of agents) await login(agentId);

  const stats = { enqueued: 0, accepted: 0, finished: 0, step_errors: 0 };
  const mine = new Set(agents);
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, work: () => Promise<unknown>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work().catch(() => {
        stats.step_errors += 1;
      });
    }, ms);
    timers.add(timer);
  };
  const handle = async (ix: string, agentId: string) => {
    if ((await acd.accept(ix, agentId)) !== 'accepted') return;
    stats.accepted += 1;
    later(plan.chatMs * (0.5 + Math.random()), async () => {
      await acd.finish(ix, agentId);
      await acd.endWrapUp(ix, agentId);
      stats.finished += 1;
    });
  };

  const aborter = new AbortController();
  const reader = redis.duplicate();
  reader.on('error', () => {}); // Redis is killed during the run: it reconnects (listeners are not duplicated)
  let lastId: string | undefined;
  const following = (async () => {
    while (!aborter.signal.aborted) {
      try {
        lastId ??= (await reader.xrevrange(acd.keys.events, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
        for await (const event of followEvents(reader, acd.keys, {
          afterId: lastId,
          blockMs: 500,
          signal: aborter.signal,
        })) {
          lastId = event.id;
          if (event.type === 'offered' && mine.has(String(event.agent))) {
            handle(String(event.ix), String(event.agent)).catch(() => {
              stats.step_errors += 1;
            });
          }
        }
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();
  // New chats; an operator whose offer timed out (Redis away, a step failed) is made ready again.
  const feeder = setInterval(() => {
    acd.enqueue({ id: randomUUID(), queue: QUEUE, channel: 'web_chat', service: 'bench' }).then(
      () => {
        stats.enqueued += 1;
      },
      () => {
        stats.step_errors += 1;
      },
    );
  }, 1000 / plan.chatsPerSecond);
  const readiness = setInterval(() => {
    for (const agentId of agents) {
      const ready = async () => {
        const agent = await acd.agent(agentId);
        if (!agent)
          await login(agentId); // Redis came back without it
        else if (agent.p === 'not_ready') await acd.setState({ agentId, state: 'ready' });
      };
      ready().catch(() => undefined);
    }
  }, 2_000);

  return {
    stats,
    /** Stops new chats; open chats still end (the settle phase waits for them). */
    stopFeeding() {
      clearInterval(feeder);
    },
    async stop() {
      clearInterval(feeder);
      clearInterval(readiness);
      aborter.abort();
      reader.disconnect();
      await following.catch(() => undefined);
      for (const timer of timers) clearTimeout(timer);
      return stats;
    },
  };
}
