import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { createWorkingTime } from '../../../core/calendar/index.ts';
import { CliError } from '../../../core/cli/errors.ts';
import { baseConfigSchema, loadConfig } from '../../../core/config/index.ts';
import { createPool } from '../../../core/db/index.ts';
import { systemClock } from '../../../core/lifecycle/clock.ts';
import { Shutdown } from '../../../core/lifecycle/shutdown.ts';
import { createLogger } from '../../../core/logging/index.ts';
import { publishQueues, saveQueue } from './db/definitions.ts';
import { OutboxWriter } from './db/outbox-writer.ts';
import { needsRecovery, recoverFromDatabase } from './db/recovery.ts';
import { publishFigures, readQueueFigures } from './events/figures.ts';
import { Acd } from './router/acd.ts';
import { AcdError } from './router/errors.ts';
import { acdConfigSchema } from './schemas/config.ts';
import { type QueueDefinition, queueDefinitionSchema } from './schemas/queue.ts';
import { acdWorkingTime } from './services/working-time.ts';
import { TimerPoller } from './timers/poller.ts';

const configSchema = baseConfigSchema.extend(acdConfigSchema.shape);

function open() {
  const config = loadConfig(configSchema);
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const workingTime = acdWorkingTime(createWorkingTime({ timeZone: config.HOTLINE_TZ }));
  const acd = new Acd({
    redis,
    prefix: config.REDIS_PREFIX,
    clock: systemClock,
    workingTime,
    breakRule: { enabled: config.ACD_BREAK_RULE === 'on', minReadyPerQueue: config.ACD_MIN_READY_PER_QUEUE },
  });
  return { config, redis, acd };
}

export function registerAcdCommands(program: Command): void {
  const acd = program.command('acd').description('operator queues (ACD)');

  acd
    .command('worker')
    .description('run the ACD background work: timers, PostgreSQL outbox writer, live figures, recovery')
    .option('--figures-every <ms>', 'publish figures events this often (0 = never)', '5000')
    .action(async (options: { figuresEvery: string }) => {
      const { config, redis, acd: router } = open();
      const logger = createLogger({ name: 'acd-worker' });
      const pool = createPool(config.DATABASE_URL, { max: 4, applicationName: 'hotline-acd-worker' });
      if (await needsRecovery(router)) {
        const result = await recoverFromDatabase(router, pool);
        logger.info(result, 'ACD rebuilt from PostgreSQL');
      }
      const writer = new OutboxWriter(new Redis(config.REDIS_URL), pool, router.keys, {
        batch: config.ACD_OUTBOX_BATCH,
        logger,
      });
      const poller = new TimerPoller(router, { intervalMs: config.ACD_TIMER_POLL_MS, logger });
      writer.start(config.ACD_OUTBOX_INTERVAL_MS);
      poller.start();
      const every = Number(options.figuresEvery);
      const figures =
        every > 0
          ? setInterval(() => void publishFigures(redis, router.keys, systemClock), every)
          : undefined;
      const shutdown = new Shutdown(logger);
      shutdown.register('connections', async () => {
        await pool.end();
        redis.disconnect();
      });
      shutdown.register('writer', async () => {
        await writer.stop();
        await writer.drain(); // leave nothing in the outbox
      });
      shutdown.register('timers', async () => {
        clearInterval(figures);
        await poller.stop();
      });
      shutdown.installSignalHandlers();
      logger.info('ACD worker running');
    });

  acd
    .command('figures')
    .description('print the live figures of every queue as JSON')
    .action(async () => {
      const { redis, acd: router } = open();
      try {
        const out: Record<string, unknown> = {};
        for (const queue of await router.queueNames()) {
          const { counters: _counters, ...figures } = await readQueueFigures(
            redis,
            router.keys,
            queue,
            Date.now(),
          );
          out[queue] = figures;
        }
        console.log(JSON.stringify(out, null, 2));
      } finally {
        redis.disconnect();
      }
    });

  acd
    .command('load-queues <file>')
    .description('define queues from a JSON array (PostgreSQL acd_queues, then Redis)')
    .action(async (file: string) => {
      let input: unknown;
      try {
        input = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
      }
      const parsed = z.array(queueDefinitionSchema).safeParse(input);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
        throw new CliError(`${file} is not a list of queue definitions:\n${problems.join('\n')}`);
      }
      const { config, redis, acd: router } = open();
      const pool = createPool(config.DATABASE_URL, { max: 1, applicationName: 'hotline-acd-queues' });
      try {
        // Overflow targets first, so the foreign key and the Redis check both hold.
        const ordered: QueueDefinition[] = [];
        const pending = [...parsed.data];
        while (pending.length) {
          const index = pending.findIndex(
            (q) =>
              !q.overflowTo ||
              ordered.some((o) => o.name === q.overflowTo) ||
              !pending.some((p) => p.name === q.overflowTo),
          );
          if (index < 0) throw new CliError('the queues overflow to each other in a cycle');
          ordered.push(...pending.splice(index, 1));
        }
        for (const q of ordered) await saveQueue(pool, q);
        await publishQueues(router, ordered);
        console.log(`queues defined: ${ordered.map((q) => q.name).join(', ')}`);
      } catch (error) {
        if (error instanceof AcdError) throw new CliError(error.message);
        throw error;
      } finally {
        await pool.end();
        redis.disconnect();
      }
    });

  acd
    .command('recover')
    .description('rebuild queues and waiting interactions in Redis from PostgreSQL')
    .action(async () => {
      const { config, redis, acd: router } = open();
      const pool = createPool(config.DATABASE_URL, { max: 1, applicationName: 'hotline-acd-recover' });
      try {
        const result = await recoverFromDatabase(router, pool);
        console.log(`queues: ${result.queues}, waiting interactions restored: ${result.restored}`);
      } finally {
        await pool.end();
        redis.disconnect();
      }
    });
}
