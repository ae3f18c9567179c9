import { startAppealDeliveryWorkers } from '../core/appeals/delivery/index.ts';
import { PgBilling } from '../core/billing/db/pg-billing.ts';
import { createBillingClient } from '../core/billing/grpc/client.ts';
import { loadCalendarConfig } from '../core/calendar/index.ts';
import { loadConfig } from '../core/config/load.ts';
import type { PlatformService } from '../core/platform/service.ts';
import { startChatbot } from './app.ts';
import { WebDelivery } from './channels/web/delivery.ts';
import { chatbotConfigSchema } from './config.ts';
import { chatKeys } from './dialog/keys.ts';
import { chatbotAppealSenders } from './outbound/appeal-senders.ts';

/**
 * The messenger chatbot: web chat always; Telegram and VK when their tokens are set. Stateless
 * (state in Redis, records in PostgreSQL): run as many instances as needed behind one address.
 */
export const chatbotService: PlatformService = {
  name: 'chatbot',
  description: 'messenger chatbot: Telegram, VK and web chat, with operator handoff and appeals',
  async start(context) {
    const config = loadConfig(chatbotConfigSchema, context.env);
    const { schedule } = loadCalendarConfig(context.env);
    const billingClient = config.BILLING_GRPC_ADDRESS
      ? createBillingClient({ address: config.BILLING_GRPC_ADDRESS })
      : undefined;
    const running = await startChatbot({
      config,
      pool: context.pool(),
      redis: context.redis(),
      billing: billingClient ?? new PgBilling(context.pool(), context.clock),
      clock: context.clock,
      logger: context.logger.child({ service: 'chatbot' }),
      schedule,
    });
    // Appeal answers to the client's chat (R-APL-5), even after the conversation ended.
    const keys = chatKeys(config.REDIS_PREFIX);
    const appealDelivery = startAppealDeliveryWorkers({
      pool: context.pool(),
      clock: context.clock,
      logger: context.logger.child({ service: 'appeal-delivery' }),
      connection: { url: context.config.REDIS_URL, maxRetriesPerRequest: null },
      prefix: context.config.REDIS_PREFIX,
      senders: chatbotAppealSenders(running, context.redis(), keys, new WebDelivery(context.redis(), keys)),
    });
    return {
      endpoints: {
        http: running.url,
        webChat: `${running.url}/chat/`,
        ...(running.vk ? { vkCallback: `${running.url}${config.VK_CALLBACK_PATH}` } : {}),
      },
      async health() {
        const details: Record<string, number | boolean> = {
          telegram: Boolean(running.telegram),
          vk: Boolean(running.vk),
        };
        for (const [channel, sender] of running.senders) details[`${channel}Sent`] = sender.sent;
        details.attachmentsStored = running.attachments.stored;
        details.attachmentsRejected = running.attachments.rejected;
        details.idleClosed = running.sweeper.closed;
        return { status: 'ok', details };
      },
      async close() {
        await appealDelivery.close();
        await running.close();
        billingClient?.close();
      },
    };
  },
};
