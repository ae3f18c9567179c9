import { z } from 'zod';
import { baseConfigSchema } from '../core/config/schema.ts';
import { PHONE_RETRY_MAX_MINUTES, PHONE_RETRY_MIN_MINUTES } from './policy/index.ts';

const optional = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

/** Settings of the dialer service (README "dialer"). A channel without its settings is off. */
export const dialerConfigSchema = baseConfigSchema.extend({
  BILLING_GRPC_ADDRESS: optional,
  DIALER_PHONE_RETRY_MINUTES: z.coerce
    .number()
    .int()
    .min(PHONE_RETRY_MIN_MINUTES)
    .max(PHONE_RETRY_MAX_MINUTES)
    .default(15),
  DIALER_TICK_MS: z.coerce.number().int().min(1000).default(30_000),
  SMPP_URL: optional,
  SMPP_SYSTEM_ID: z.string().default('hotline'),
  SMPP_PASSWORD: z.string().default(''),
  SMS_SENDER: z.string().default('ENERGOSBYT'),
  SMTP_HOST: optional,
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  SMTP_USER: optional,
  SMTP_PASSWORD: optional,
  MAIL_FROM: z.string().default('info@energosbyt.local'),
  /** Bounces (DSN) come back here, VERP-tagged per attempt; with MAIL_BOUNCE_SECRET. */
  MAIL_BOUNCE_ADDRESS: optional,
  MAIL_BOUNCE_SECRET: optional,
  /** The retailer's push gateway (README "dialer": the webhook contract); without both: notices only. */
  PUSH_WEBHOOK_URL: optional,
  PUSH_WEBHOOK_SECRET: optional,
  /** The dialer's listener for push receipts and bounces (on when push or bounces are configured). */
  DIALER_INTAKE_HOST: z.string().default('0.0.0.0'),
  DIALER_INTAKE_PORT: z.coerce.number().int().min(0).max(65535).default(8091),
  ARI_URL: optional,
  ARI_USERNAME: z.string().default('hotline'),
  ARI_PASSWORD: z.string().default(''),
  DIALER_ARI_APP: z.string().default('hotline-dialer'),
  /** `{number}` is replaced by the client's number without "+". */
  DIALER_TRUNK_ENDPOINT: z.string().default('PJSIP/{number}@trunk'),
  DIALER_CALLER_ID: z.string().default(''),
  /** Answering-machine detection: the dialplan context running AMD() (`[dialer-amd]`); empty = off. */
  DIALER_AMD_CONTEXT: z.string().trim().default('dialer-amd'),
  /** Speech synthesis (hotline.speech.v1) and where Asterisk finds its sounds: both needed for calls. */
  SPEECH_GRPC_ADDRESS: optional,
  ASTERISK_SOUNDS_DIR: z.string().default('/var/lib/asterisk/sounds'),
});
export const dialerConfigChecked = dialerConfigSchema.superRefine((config, ctx) => {
  if (config.MAIL_BOUNCE_ADDRESS && !/^[^@\s+]+@[^@\s]+$/.test(config.MAIL_BOUNCE_ADDRESS))
    ctx.addIssue({
      code: 'custom',
      path: ['MAIL_BOUNCE_ADDRESS'],
      message: 'an address like bounces@example.ru (no "+")',
    });
  if (config.PUSH_WEBHOOK_URL && !URL.canParse(config.PUSH_WEBHOOK_URL))
    ctx.addIssue({ code: 'custom', path: ['PUSH_WEBHOOK_URL'], message: 'not a URL' });
  if (config.MAIL_BOUNCE_ADDRESS && !config.MAIL_BOUNCE_SECRET)
    ctx.addIssue({
      code: 'custom',
      path: ['MAIL_BOUNCE_SECRET'],
      message: 'MAIL_BOUNCE_ADDRESS needs MAIL_BOUNCE_SECRET',
    });
  if (config.PUSH_WEBHOOK_URL && !config.PUSH_WEBHOOK_SECRET)
    ctx.addIssue({
      code: 'custom',
      path: ['PUSH_WEBHOOK_SECRET'],
      message: 'PUSH_WEBHOOK_URL needs PUSH_WEBHOOK_SECRET',
    });
});
export type DialerConfig = z.infer<typeof dialerConfigSchema>;
