import type { Redis } from 'ioredis';
import { Acd, acdWorkingTime } from '../../agent-desktop/server/acd/index.ts';
import { createWorkingTime } from '../../core/calendar/index.ts';
import type { Pool } from '../../core/db/index.ts';
import { systemClock } from '../../core/lifecycle/clock.ts';

/**
 * The voice operators do what a person at the desktop does after a missed offer (the ACD makes
 * them not ready, R-ACD-1): they press «Готов» again — here within 2 s. Without it one offer
 * missed because of a fault (an IVR that died or lost its events while the phone rang) took an
 * operator out for the rest of the run. How often it was needed is reported, not hidden.
 */
export function keepVoiceOperatorsReady(pool: Pool, redis: Redis, prefix: string) {
  const acd = new Acd({
    redis,
    prefix,
    clock: systemClock,
    workingTime: acdWorkingTime(createWorkingTime({ clock: systemClock, timeZone: 'Asia/Krasnoyarsk' })),
  });
  let madeReady = 0;
  const tick = async () => {
    const { rows } = await pool.query<{ id: string }>(
      `select id::text from users where sip_endpoint like 'PJSIP/bench%'`,
    );
    for (const { id } of rows) {
      const agent = await acd.agent(id);
      if (agent?.p !== 'not_ready') continue;
      const result = await acd.setState({ agentId: id, state: 'ready' });
      if (result.status === 'ok') madeReady += 1;
    }
  };
  const timer = setInterval(() => void tick().catch(() => undefined), 2_000);
  return {
    stop(): number {
      clearInterval(timer);
      return madeReady;
    },
  };
}
