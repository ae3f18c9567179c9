import { z } from 'zod';
import { baseConfigSchema, port } from '../core/config/schema.ts';

const optional = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

/** Settings of the chatbot service (README "Connecting Telegram and VK"). */
export const chatbotConfigSchema = baseConfigSchema
  .extend({
    CHATBOT_PORT: port('CHATBOT_PORT', 8085),
    CHATBOT_HOST: z.string().default('0.0.0.0'),
    /** The company name in the web-chat page title. */
    CHATBOT_COMPANY_NAME: z.string().default('энергосбытовой компанией'),
    /** R-BOT-5: how long the bot stops serving a conversation after the second abusive message. */
    CHATBOT_ABUSE_MUTE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
    /** "host:port" of the billing gRPC server; unset = the reference billing over this database. */
    BILLING_GRPC_ADDRESS: optional,
    /** Silence after which the conversation is closed politely (the next message is a new contact). */
    CHATBOT_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
    /** How often silent conversations are looked for and closed (CHATBOT_IDLE_MINUTES of silence). */
    CHATBOT_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Web chat flood limit per session: messages a minute on average, and a burst on top. */
    CHATBOT_WEB_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
    CHATBOT_WEB_BURST: z.coerce.number().int().min(1).max(10_000).default(10),
    /** Where clients' files are kept: the recordings storage adapters, a folder or an S3 bucket. */
    CHATBOT_ATTACHMENTS_STORAGE: z
      .enum(['filesystem', 's3'], { error: 'CHATBOT_ATTACHMENTS_STORAGE must be filesystem or s3' })
      .default('filesystem'),
    CHATBOT_ATTACHMENTS_DIR: z.string().min(1).default('.data/chat-attachments'),
    /** Largest file kept (Telegram bots can download at most 20 MB). */
    CHATBOT_ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(100).default(20),
    /** The S3 settings recordings use (same variables), for CHATBOT_ATTACHMENTS_STORAGE=s3. */
    S3_ENDPOINT: z.url({ error: 'S3_ENDPOINT must be a URL' }).optional(),
    S3_REGION: z.string().default('ru-central1'),
    S3_BUCKET: optional,
    S3_ACCESS_KEY_ID: optional,
    S3_SECRET_ACCESS_KEY: optional,
    TELEGRAM_BOT_TOKEN: optional,
    TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
    /** Webhook mode: the public https URL; its path is served by the chatbot's HTTP port. */
    TELEGRAM_WEBHOOK_URL: z.url().optional(),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'TELEGRAM_WEBHOOK_SECRET: 1-256 letters, digits, "_" or "-"')
      .optional(),
    TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
    /** Bot API limits: messages a second overall, and the gap between two messages to one chat. */
    // Telegram allows about 30 messages a second; the sender counts a message when it claims it and
    // the request can reach Telegram a little later under load, so it keeps a margin below 30.
    TELEGRAM_GLOBAL_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(25),
    TELEGRAM_PER_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    VK_ACCESS_TOKEN: optional,
    VK_GROUP_ID: z.coerce.number().int().positive().optional(),
    VK_CONFIRMATION_CODE: optional,
    VK_SECRET: optional,
    VK_API_BASE_URL: z.url().default('https://api.vk.com/method'),
    VK_CALLBACK_PATH: z.string().startsWith('/').default('/vk/callback'),
    VK_GLOBAL_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(20),
  })
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_BOT_TOKEN && c.TELEGRAM_MODE === 'webhook') {
      if (!c.TELEGRAM_WEBHOOK_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_WEBHOOK_URL'],
          message: 'required when TELEGRAM_MODE=webhook',
        });
      if (!c.TELEGRAM_WEBHOOK_SECRET)
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_WEBHOOK_SECRET'],
          message: 'required when TELEGRAM_MODE=webhook',
        });
    }
    if (c.CHATBOT_ATTACHMENTS_STORAGE === 's3') {
      for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!c[name])
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'required when CHATBOT_ATTACHMENTS_STORAGE=s3',
          });
      }
    }
    if (c.VK_ACCESS_TOKEN) {
      for (const name of ['VK_GROUP_ID', 'VK_CONFIRMATION_CODE', 'VK_SECRET'] as const) {
        if (!c[name])
          ctx.addIssue({ code: 'custom', path: [name], message: 'required when VK_ACCESS_TOKEN is set' });
      }
    }
  });
export type ChatbotConfig = z.infer<typeof chatbotConfigSchema>;
