import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { Acd, acdWorkingTime } from '../agent-desktop/server/acd/index.ts';
import { createAppealService } from '../core/appeals/index.ts';
import type { BillingApi } from '../core/billing/api.ts';
import { createWorkingTime, type EkcSchedule } from '../core/calendar/index.ts';
import type { Pool } from '../core/db/pool.ts';
import { createInteractionService } from '../core/interactions/index.ts';
import { type Clock, systemClock } from '../core/lifecycle/clock.ts';
import type { Logger } from '../core/logging/logger.ts';
import { Understander } from '../core/nlu/index.ts';
import { SelfService } from '../core/selfservice/index.ts';
import type { RecordingStorage } from '../recordings/storage/storage.ts';
import { createAttachmentStorage } from './attachments/storage.ts';
import { AttachmentCopier, type FileLocator } from './attachments/worker.ts';
import { TelegramChannel } from './channels/telegram/channel.ts';
import { VkChannel } from './channels/vk/channel.ts';
import { WebDelivery } from './channels/web/delivery.ts';
import { WebChatGateway } from './channels/web/gateway.ts';
import { webUploadHandler } from './channels/web/upload.ts';
import type { ChatbotConfig } from './config.ts';
import { DEFAULT_DIALOG_OPTIONS } from './dialog/deps.ts';
import { DialogEngine } from './dialog/engine.ts';
import { chatKeys } from './dialog/keys.ts';
import { knowledgeLookup } from './dialog/knowledge.ts';
import { OperatorRelay } from './dialog/operator-relay.ts';
import { ConversationStore } from './dialog/store.ts';
import { IdleSweeper } from './dialog/sweep.ts';
import { TranscriptWriter } from './dialog/transcript.ts';
import type { ChatChannel } from './dialog/types.ts';
import { createChatbotHttp } from './http.ts';
import { Outbox } from './outbound/outbox.ts';
import { type Deliver, OutboxSender, type SenderLimits } from './outbound/sender.ts';

export interface ChatbotParts {
  config: ChatbotConfig;
  pool: Pool;
  redis: Redis;
  billing: BillingApi;
  clock: Clock;
  logger: Logger;
  schedule?: EkcSchedule;
  understander?: Understander;
  /** Backoff of failed sends (tests shrink it). */
  backoffBaseMs?: number;
  /** Where clients' files go; by default from the settings (CHATBOT_ATTACHMENTS_*). */
  attachmentStorage?: RecordingStorage;
  /** Idle time before a failed file copy is tried again (tests shrink it). */
  attachmentRetryMs?: number;
}

export interface RunningChatbot {
  url: string;
  engine: DialogEngine;
  server: Server;
  senders: Map<ChatChannel, OutboxSender>;
  telegram?: TelegramChannel;
  vk?: VkChannel;
  relay: OperatorRelay;
  writer: TranscriptWriter;
  attachments: AttachmentCopier;
  attachmentStorage: RecordingStorage;
  sweeper: IdleSweeper;
  close(): Promise<void>;
}

/** Builds and starts the chatbot: dialog engine, channels, outbound queues, relay, transcript writer. */
export async function startChatbot(parts: ChatbotParts): Promise<RunningChatbot> {
  const { config, pool, redis, clock, logger } = parts;
  const prefix = config.REDIS_PREFIX;
  const keys = chatKeys(prefix);
  const attachmentStorage = parts.attachmentStorage ?? createAttachmentStorage(config);
  const workingTime = createWorkingTime({ clock, timeZone: config.HOTLINE_TZ, schedule: parts.schedule });
  // Pacing of the outbound queues is wall time (the Bot API counts real seconds), whatever clock the rules use.
  const webDelivery = new WebDelivery(redis, keys);
  const outbox = new Outbox(redis, keys, systemClock, {
    web_chat: (multi, message) => webDelivery.appendInto(multi, message),
  });
  const engine = new DialogEngine({
    keys,
    store: new ConversationStore(redis, keys),
    outbox,
    understander: parts.understander ?? new Understander(),
    selfService: new SelfService({ billing: parts.billing, knowledge: knowledgeLookup(pool), clock }),
    interactions: createInteractionService({ pool, clock }),
    appeals: createAppealService({ pool, clock, timeZone: config.HOTLINE_TZ }),
    acd: new Acd({ redis, prefix, clock, workingTime: acdWorkingTime(workingTime) }),
    workingTime,
    pool,
    logger,
    options: {
      ...DEFAULT_DIALOG_OPTIONS,
      abuseMuteMs: config.CHATBOT_ABUSE_MUTE_MINUTES * 60_000,
      idleMs: config.CHATBOT_IDLE_MINUTES * 60_000,
    },
  });

  const senders = new Map<ChatChannel, OutboxSender>();
  const addSender = (channel: ChatChannel, deliver: Deliver, limits: SenderLimits) => {
    const sender = new OutboxSender(
      redis,
      keys,
      channel,
      deliver,
      { backoffBaseMs: parts.backoffBaseMs, ...limits },
      systemClock,
      logger,
    );
    senders.set(channel, sender);
    return sender;
  };
  const wake = (channel: ChatChannel) => () => senders.get(channel)?.wake();

  const gateway = new WebChatGateway(engine, webDelivery, keys, logger, {
    perMinute: config.CHATBOT_WEB_MESSAGES_PER_MINUTE,
    burst: config.CHATBOT_WEB_BURST,
  });

  let telegram: TelegramChannel | undefined;
  if (config.TELEGRAM_BOT_TOKEN) {
    telegram = new TelegramChannel(
      {
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        mode: config.TELEGRAM_MODE,
        webhookUrl: config.TELEGRAM_WEBHOOK_URL,
        webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
        onCommitted: wake('telegram'),
      },
      engine,
      logger,
    );
    addSender('telegram', telegram.deliver, {
      perChatIntervalMs: config.TELEGRAM_PER_CHAT_INTERVAL_MS,
      globalPerSecond: config.TELEGRAM_GLOBAL_PER_SECOND,
    });
  }
  let vk: VkChannel | undefined;
  if (config.VK_ACCESS_TOKEN) {
    vk = new VkChannel(
      {
        accessToken: config.VK_ACCESS_TOKEN,
        groupId: config.VK_GROUP_ID!,
        confirmationCode: config.VK_CONFIRMATION_CODE!,
        secret: config.VK_SECRET!,
        apiBaseUrl: config.VK_API_BASE_URL,
        apiLimit: config.VK_GLOBAL_PER_SECOND,
        onCommitted: wake('vk'),
      },
      engine,
      logger,
    );
    addSender('vk', vk.deliver, { perChatIntervalMs: 0, globalPerSecond: config.VK_GLOBAL_PER_SECOND });
  }

  const telegramPath = config.TELEGRAM_WEBHOOK_URL
    ? new URL(config.TELEGRAM_WEBHOOK_URL).pathname
    : '/telegram';
  const app = createChatbotHttp({
    companyName: config.CHATBOT_COMPANY_NAME,
    logger,
    upload: webUploadHandler({
      engine,
      storage: attachmentStorage,
      maxBytes: config.CHATBOT_ATTACHMENT_MAX_MB * 1024 * 1024,
      clock,
      logger,
    }),
    vk: vk ? { path: config.VK_CALLBACK_PATH, handler: vk.callback } : undefined,
    telegram:
      telegram && config.TELEGRAM_MODE === 'webhook'
        ? {
            path: telegramPath,
            secret: config.TELEGRAM_WEBHOOK_SECRET!,
            handler: telegram.webhookHandler(telegramPath),
          }
        : undefined,
  });
  const server = createServer(app);
  await gateway.attach(server, redis);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.CHATBOT_PORT, config.CHATBOT_HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.CHATBOT_HOST === '0.0.0.0' ? '127.0.0.1' : config.CHATBOT_HOST;

  const consumer = `chatbot-${process.pid}-${port}`;
  // Blocking stream reads hold a connection: each reader has its own.
  const writerRedis = redis.duplicate();
  const relayRedis = redis.duplicate();
  const attachmentsRedis = redis.duplicate();
  const writer = new TranscriptWriter(writerRedis, pool, keys, logger, { consumer });
  const relay = new OperatorRelay(relayRedis, prefix, engine, logger, consumer);
  const locators: Partial<Record<ChatChannel, FileLocator>> = {};
  if (telegram) locators.telegram = telegram.fileLocator;
  const attachments = new AttachmentCopier({
    redis: attachmentsRedis,
    pool,
    keys,
    storage: attachmentStorage,
    outbox,
    clock,
    logger,
    locators,
    maxBytes: config.CHATBOT_ATTACHMENT_MAX_MB * 1024 * 1024,
    consumer,
    retryAfterMs: parts.attachmentRetryMs,
  });
  const sweeper = new IdleSweeper(redis, keys, engine, logger, {
    idleMs: config.CHATBOT_IDLE_MINUTES * 60_000,
    intervalMs: config.CHATBOT_SWEEP_SECONDS * 1000,
  });
  await writer.start();
  await relay.start();
  await attachments.start();
  sweeper.start();
  for (const sender of senders.values()) sender.start();
  await telegram?.start();

  return {
    url: `http://${host}:${port}`,
    engine,
    server,
    senders,
    telegram,
    vk,
    relay,
    writer,
    attachments,
    attachmentStorage,
    sweeper,
    async close() {
      telegram?.stop();
      await sweeper.stop();
      await gateway.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.all([...senders.values()].map((s) => s.stop()));
      await relay.stop();
      await writer.stop();
      await attachments.stop();
      attachmentsRedis.disconnect();
      relayRedis.disconnect();
      writerRedis.disconnect();
    },
  };
}
