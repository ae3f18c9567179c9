import { startAppealDeliveryWorkers } from '../core/appeals/delivery/index.ts';
import { createBillingClient, PgBilling } from '../core/billing/index.ts';
import { loadConfig } from '../core/config/load.ts';
import { probeDatabase } from '../core/db/index.ts';
import type { PlatformService, ServiceContext } from '../core/platform/service.ts';
import type { OutboundChannel } from '../core/vocabulary/index.ts';
import { AriConnection } from '../ivr/ari/connection.ts';
import { PromptLibrary } from '../ivr/prompts/library.ts';
import { createSynthesisClient } from '../ivr/speech/synthesizer.ts';
import { dialerAppealSenders } from './appeal-senders.ts';
import { startPlanWorker } from './bullmq/planner.ts';
import { DialerQueues } from './bullmq/queues.ts';
import { startTick } from './bullmq/tick.ts';
import { startChannelWorkers } from './bullmq/workers.ts';
import { AriVoiceDialer } from './channels/ari-voice.ts';
import type { ChannelSender } from './channels/channel.ts';
import { SmtpEmailChannel } from './channels/email-smtp.ts';
import { NoticeChannel } from './channels/notices.ts';
import { SmppSmsChannel } from './channels/sms-smpp.ts';
import { VoiceChannel } from './channels/voice.ts';
import { type DialerConfig, dialerConfigChecked } from './config.ts';
import { intakePort, startIntakeServer } from './http/intake.ts';
import { createContactPolicy, PHONE_CALL_MAX_MS } from './policy/index.ts';
import { PushWebhookChannel } from './push/channel.ts';
import { createPushQueue, startPushWorker } from './push/delivery.ts';
import { CampaignService } from './services/campaigns.ts';
import type { DialerDeps } from './services/deps.ts';
import { handleIncomingSms, handleSmsReceipt } from './services/sms-events.ts';

/** Everything the dialer needs except the gateways (also used by `hotline campaign …`). */
export function buildDialer(
  context: ServiceContext,
  config: DialerConfig = loadConfig(dialerConfigChecked, context.env),
) {
  const connection = context.redis();
  const queues = new DialerQueues(connection, context.config.REDIS_PREFIX, context.clock);
  const deps: DialerDeps = {
    pool: context.pool(),
    billing: config.BILLING_GRPC_ADDRESS
      ? createBillingClient({ address: config.BILLING_GRPC_ADDRESS })
      : new PgBilling(context.pool(), context.clock),
    policy: createContactPolicy({ config: { phoneRetryDelayMinutes: config.DIALER_PHONE_RETRY_MINUTES } }),
    clock: context.clock,
    senders: {},
    enqueue: queues.enqueue,
    enqueuePlan: queues.enqueuePlan,
    logger: context.logger.child({ service: 'dialer' }),
  };
  return { config, queues, deps, campaigns: new CampaignService(deps) };
}

/**
 * Autoinforming campaigns: per-channel BullMQ workers (a channel whose gateway is not configured
 * is not served: its jobs wait), SMS receipts and «СТОП» over the SMPP session, the tick that
 * starts and finishes campaigns on their dates.
 */
export const dialerService: PlatformService = {
  name: 'dialer',
  description: 'autoinforming campaigns: calls (ARI), SMS (SMPP), e-mail (SMTP), online-account notices',
  async start(context) {
    const { config, queues, deps, campaigns } = buildDialer(context);
    const senders: Partial<Record<OutboundChannel, ChannelSender>> = deps.senders;
    const closers: Array<() => Promise<void> | void> = [];
    // Workers block on Redis: BullMQ wants their connections to retry forever.
    const connection = { url: context.config.REDIS_URL, maxRetriesPerRequest: null };
    const pushWebhook =
      config.PUSH_WEBHOOK_URL && config.PUSH_WEBHOOK_SECRET
        ? { url: config.PUSH_WEBHOOK_URL, secret: config.PUSH_WEBHOOK_SECRET }
        : undefined;
    const bounce =
      config.MAIL_BOUNCE_ADDRESS && config.MAIL_BOUNCE_SECRET
        ? { address: config.MAIL_BOUNCE_ADDRESS, secret: config.MAIL_BOUNCE_SECRET }
        : undefined;
    if (pushWebhook) {
      const pushQueue = createPushQueue(connection, context.config.REDIS_PREFIX);
      const pushWorker = startPushWorker(deps, {
        ...pushWebhook,
        connection,
        prefix: context.config.REDIS_PREFIX,
      });
      senders.push = new PushWebhookChannel(deps.pool, () => deps.clock.now(), pushQueue);
      closers.push(async () => {
        await pushWorker.close();
        await pushQueue.close();
      });
    } else senders.push = new NoticeChannel('push', deps.pool, () => deps.clock.now());
    let intakeAddress: string | undefined;
    if (pushWebhook || bounce) {
      const intake = await startIntakeServer(deps, {
        host: config.DIALER_INTAKE_HOST,
        port: config.DIALER_INTAKE_PORT,
        ...(pushWebhook ? { pushSecret: pushWebhook.secret } : {}),
        ...(bounce ? { bounceSecret: bounce.secret } : {}),
        logger: context.logger.child({ service: 'dialer-intake' }),
      });
      intakeAddress = `${config.DIALER_INTAKE_HOST}:${intakePort(intake)}`;
      closers.push(() => new Promise<void>((resolve) => intake.close(() => resolve())));
    }
    senders.online_account = new NoticeChannel('online_account', deps.pool, () => deps.clock.now());
    if (config.SMPP_URL) {
      const sms = await SmppSmsChannel.connect(
        {
          url: config.SMPP_URL,
          systemId: config.SMPP_SYSTEM_ID,
          password: config.SMPP_PASSWORD,
          sourceAddr: config.SMS_SENDER,
        },
        {
          onReceipt: (id, stat) => handleSmsReceipt(deps, id, stat),
          onIncoming: (from, text) => handleIncomingSms(deps, from, text),
        },
      );
      senders.sms = sms;
      closers.push(() => sms.close());
    }
    if (config.SMTP_HOST) {
      const email = new SmtpEmailChannel({
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        ...(config.SMTP_USER ? { user: config.SMTP_USER, password: config.SMTP_PASSWORD ?? '' } : {}),
        from: config.MAIL_FROM,
        ...(bounce ? { bounce } : {}),
      });
      senders.email = email;
      closers.push(() => email.close());
    }
    if (config.ARI_URL && config.SPEECH_GRPC_ADDRESS) {
      const ari = new AriConnection({
        url: config.ARI_URL,
        username: config.ARI_USERNAME,
        password: config.ARI_PASSWORD,
        apps: [config.DIALER_ARI_APP],
        logger: context.logger.child({ service: 'dialer-ari' }),
      });
      const client = await ari.start();
      const prompts = new PromptLibrary({
        soundsDir: config.ASTERISK_SOUNDS_DIR,
        synthesizer: createSynthesisClient({ address: config.SPEECH_GRPC_ADDRESS }),
      });
      senders.phone = new VoiceChannel(
        new AriVoiceDialer(client, {
          app: config.DIALER_ARI_APP,
          endpointTemplate: config.DIALER_TRUNK_ENDPOINT,
          media: async (text) => [await prompts.media(text)],
          maxCallMs: PHONE_CALL_MAX_MS,
          callerId: config.DIALER_CALLER_ID,
          ...(config.DIALER_AMD_CONTEXT ? { amdContext: config.DIALER_AMD_CONTEXT } : {}),
        }),
      );
      closers.push(() => ari.stop());
    }
    const channels = Object.keys(senders) as OutboundChannel[];
    const workers = startChannelWorkers(deps, {
      connection,
      prefix: context.config.REDIS_PREFIX,
      channels,
    });
    const planning = startPlanWorker(deps, { connection, prefix: context.config.REDIS_PREFIX });
    // Appeal answers (R-APL-5) over the same gateways: core/appeals/delivery.
    const appealDelivery = startAppealDeliveryWorkers({
      pool: deps.pool,
      clock: deps.clock,
      logger: context.logger.child({ service: 'appeal-delivery' }),
      connection,
      prefix: context.config.REDIS_PREFIX,
      senders: dialerAppealSenders(senders, deps.clock),
    });
    closers.unshift(() => appealDelivery.close());
    const tick = await startTick(deps, campaigns, {
      connection,
      prefix: context.config.REDIS_PREFIX,
      everyMs: config.DIALER_TICK_MS,
      jobs: queues,
    });
    return {
      endpoints: { channels: channels.join(','), ...(intakeAddress ? { intake: intakeAddress } : {}) },
      async health() {
        // Without PostgreSQL the dialer stays up: jobs wait in Redis and run when it is back.
        const database = await probeDatabase(deps.pool);
        return {
          status: database ? 'ok' : 'degraded',
          details: { channels: channels.length, database: database ? 'ok' : 'unavailable' },
        };
      },
      async close() {
        await tick.close();
        await Promise.all([planning, ...workers].map((worker) => worker.close()));
        for (const close of closers) await close();
        await queues.close();
      },
    };
  },
};
