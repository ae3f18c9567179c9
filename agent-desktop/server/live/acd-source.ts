import { openRedis } from '../../../core/lifecycle/redis-connection.ts';
import { type AcdKeys, followEvents } from '../acd/index.ts';
import { acdAudience, type LiveMessage } from './audience.ts';
import type { LiveSource } from './hub.ts';

/**
 * ACD events from the Redis stream, as they happen. Each desktop process follows the stream on a
 * connection of its own (a blocking read holds it); every process sees every event.
 */
export function acdEventSource(redisUrl: string, keys: AcdKeys): LiveSource {
  return async function* (signal: AbortSignal): AsyncIterable<LiveMessage> {
    const redis = openRedis(redisUrl, { role: 'desktop-acd-source' });
    try {
      for await (const event of followEvents(redis, keys, { afterId: '$', blockMs: 500, signal })) {
        yield { audience: acdAudience(event), message: { ...event, type: `acd.${event.type}` } };
      }
    } finally {
      redis.disconnect();
    }
  };
}
