import { openRedis } from '../../../core/lifecycle/redis-connection.ts';
import { USER_ROLES } from '../../../core/vocabulary/index.ts';
import { queueTitles } from '../acd/index.ts';
import type { DesktopContext } from '../context.ts';
import type { LiveMessage } from './audience.ts';
import type { LiveSource } from './hub.ts';

/**
 * Queue titles change rarely (an admin renames a queue) but every open screen names queues by
 * them: the change is announced over Redis so that every desktop process — not only the one the
 * admin's request reached — sends the new titles to its browsers (`queues.titles`).
 */
export const queueTitlesChannel = (prefix: string) => `${prefix}live:queue-titles`;

type TitlesContext = Pick<DesktopContext, 'redis' | 'prefix'>;

/** Tells every desktop process that the queues' titles may have changed. */
export async function announceQueueTitles(context: TitlesContext): Promise<void> {
  await context.redis.publish(queueTitlesChannel(context.prefix), 'changed');
}

/** Follows the announcements; each one sends the titles as PostgreSQL has them to everyone signed in. */
export function queueTitlesSource(context: DesktopContext): LiveSource {
  return async function* (signal: AbortSignal): AsyncIterable<LiveMessage> {
    // A subscribed connection can do nothing else: one of its own, like the ACD event source.
    const subscriber = openRedis(context.service.config.REDIS_URL, {
      role: 'desktop-queue-titles',
      logger: context.logger,
    });
    let changed = false;
    let wake: (() => void) | undefined;
    const nudge = () => {
      wake?.();
      wake = undefined;
    };
    subscriber.on('message', () => {
      changed = true;
      nudge();
    });
    signal.addEventListener('abort', nudge, { once: true });
    try {
      await subscriber.subscribe(queueTitlesChannel(context.prefix));
      while (!signal.aborted) {
        if (!changed) await new Promise<void>((resolve) => (wake = resolve));
        if (signal.aborted) return;
        // Several renames in a row are sent once, with the titles as they are now.
        changed = false;
        const titles = await queueTitles(context.pool);
        yield { audience: { roles: USER_ROLES }, message: { type: 'queues.titles', titles } };
      }
    } finally {
      signal.removeEventListener('abort', nudge);
      subscriber.disconnect();
    }
  };
}
