import { Redis } from 'ioredis';
import { z } from 'zod';
import { loadConfig } from '../../../core/config/load.ts';
import { port } from '../../../core/config/schema.ts';
import { openRedis } from '../../../core/lifecycle/redis-connection.ts';
import type { PlatformService } from '../../../core/platform/service.ts';
import { loadQueues, publishQueues } from './db/definitions.ts';
import { OutboxWriter } from './db/outbox-writer.ts';
import { needsRecovery, recoverFromDatabase } from './db/recovery.ts';
import { publishFigures } from './events/figures.ts';
import { acdFromContext } from './factory.ts';
import { startRoutingServer } from './grpc/routing-service.ts';
import { acdConfigSchema } from './schemas/config.ts';
import { TimerPoller } from './timers/poller.ts';

const serviceConfigSchema = acdConfigSchema.extend({
  ACD_GRPC_HOST: z.string().default('127.0.0.1'),
  ACD_GRPC_PORT: port('ACD_GRPC_PORT', 50052),
  ACD_FIGURES_EVERY_MS: z.coerce.number().int().min(0).default(5_000),
});

/**
 * The operator queues as a service: the routing gRPC API the IVR and the chatbot call, and the
 * background work (timers, PostgreSQL outbox writer, live figures). Any number of instances may
 * run: state is in Redis, timers are claimed atomically, the outbox is a consumer group.
 */
export const acdService: PlatformService = {
  name: 'acd',
  description: 'operator queues: routing gRPC, timers (15 s, 100 s, wrap-up, chat), PostgreSQL writer',
  async start(context) {
    const config = loadConfig(serviceConfigSchema, context.env);
    const redis = context.redis();
    const acd = acdFromContext(context, config);
    if (await needsRecovery(acd)) {
      context.logger.info(await recoverFromDatabase(acd, context.pool()), 'ACD rebuilt from PostgreSQL');
    } else {
      // PostgreSQL holds the definitions (admin screen, seed, `acd load-queues`): Redis follows it.
      await publishQueues(acd, await loadQueues(context.pool()));
    }
    // The writer blocks on its stream: it gets a connection of its own.
    const writerRedis = openRedis(context.config.REDIS_URL, {
      role: 'acd-outbox-writer',
      logger: context.logger,
    });
    const writer = new OutboxWriter(writerRedis, context.pool(), acd.keys, {
      batch: config.ACD_OUTBOX_BATCH,
      logger: context.logger,
    });
    const poller = new TimerPoller(acd, { intervalMs: config.ACD_TIMER_POLL_MS, logger: context.logger });
    writer.start(config.ACD_OUTBOX_INTERVAL_MS);
    poller.start();
    const figures =
      config.ACD_FIGURES_EVERY_MS > 0
        ? setInterval(() => void publishFigures(redis, acd.keys, context.clock), config.ACD_FIGURES_EVERY_MS)
        : undefined;
    const routing = await startRoutingServer({
      acd,
      redisUrl: context.config.REDIS_URL,
      port: config.ACD_GRPC_PORT,
      host: config.ACD_GRPC_HOST,
      logger: context.logger,
    });
    return {
      endpoints: { grpc: `grpc://${routing.address}` },
      async health() {
        return { status: 'ok', details: { port: routing.port, queues: (await acd.queueNames()).length } };
      },
      async close() {
        await routing.close();
        clearInterval(figures);
        await poller.stop();
        await writer.stop();
        await writer.drain(); // leave nothing in the outbox
        writerRedis.disconnect();
      },
    };
  },
};
