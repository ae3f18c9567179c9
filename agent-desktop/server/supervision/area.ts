import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../../core/config/load.ts';
import { recordingsConfigSchema } from '../../../recordings/config.ts';
import type { DesktopArea, DesktopContext } from '../context.ts';
import type { LiveMessage } from '../live/audience.ts';
import { SUPERVISION_ACCESS, supervisionRoutes } from './http.ts';
import { readChatsNearing, readWallboard } from './redis/wallboard.ts';

const NEARING_CHATS_EVERY_MS = 20_000;

function watchesWallboard(roles: readonly string[]): boolean {
  return roles.some((role) => (SUPERVISION_ACCESS.wallboard as readonly string[]).includes(role));
}

/** Employees' names for the wallboard (operators by ACD agent id = users.id); no client data. */
async function staffNames(context: DesktopContext): Promise<Record<string, string>> {
  const { rows } = await context.pool.query('select id, full_name from users where active');
  return Object.fromEntries(rows.map((row) => [String(row.id), row.full_name as string]));
}

/**
 * Supervision: the live wallboard (snapshot in every `hello` for those who may see it, then the
 * ACD's events), appeals control, reports with CSV export, and the recordings player's API.
 */
export const supervisionArea: DesktopArea = {
  name: 'supervision',
  live(context) {
    context.live.addSnapshot('wallboard', async (session) => {
      if (!watchesWallboard(session.roles)) return null;
      const [state, names] = await Promise.all([
        readWallboard(context.acd, context.clock.nowMs()),
        staffNames(context),
      ]);
      return { ...state, names };
    });
    // Chats nearing 15 minutes are a matter of time passing, not of an event: look regularly.
    context.live.addSource(async function* (signal): AsyncIterable<LiveMessage> {
      while (!signal.aborted) {
        // Rejects at once when the hub closes; no listener is left behind per round.
        const stopped = await sleep(NEARING_CHATS_EVERY_MS, false, { signal }).catch(() => true);
        if (stopped || signal.aborted) return;
        const at = context.clock.nowMs();
        yield {
          audience: { roles: SUPERVISION_ACCESS.wallboard },
          message: {
            type: 'supervision.chats_nearing',
            at,
            chatsNearing: await readChatsNearing(context.acd, at),
          },
        };
      }
    });
  },
  routes(context) {
    const recordings = loadConfig(recordingsConfigSchema, context.service.env);
    return supervisionRoutes(context, {
      requireReason: recordings.RECORDINGS_REQUIRE_REASON,
      operatorsOwnCalls: recordings.RECORDINGS_OPERATORS_OWN_CALLS,
    });
  },
};
