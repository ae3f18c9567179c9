import { z } from 'zod';
import { baseConfigSchema } from '../core/config/schema.ts';

const optional = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

/** Settings of the IVR service (README "IVR"). */
export const ivrConfigSchema = baseConfigSchema.extend({
  /** Asterisk's ARI base URL (http.conf + ari.conf in infra/asterisk). */
  ARI_URL: z.url().default('http://127.0.0.1:8088'),
  ARI_USER: z.string().min(1).default('hotline'),
  ARI_PASSWORD: z.string().min(1),
  /** The Stasis application extensions.conf sends calls to. */
  ARI_APP: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .default('hotline'),
  /** "host:port" of a hotline.speech.v1 SynthesisService (prompts and dynamic phrases). */
  SPEECH_GRPC_ADDRESS: z.string().min(3).default('127.0.0.1:50071'),
  /** auto = local espeak-ng when it is on PATH, else SPEECH_GRPC_ADDRESS; espeak; grpc. */
  IVR_SYNTHESIS: z.enum(['auto', 'espeak', 'grpc']).default('auto'),
  /** "host:port" of a hotline.speech.v1 RecognitionService; unset = menus by DTMF only. */
  SPEECH_RECOGNITION_ADDRESS: optional,
  /** Address of this host that Asterisk sends externalMedia RTP to (speech input). */
  IVR_RTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Asterisk's sounds directory, shared with this service: prompts go to `<dir>/ru/hotline/`. */
  IVR_SOUNDS_DIR: z.string().min(1).default('/var/lib/asterisk/sounds'),
  /** ACD queue for a transfer when no voice queue lists the topic and none is a catch-all. */
  IVR_QUEUE: z
    .string()
    .regex(/^[a-z0-9_]{1,48}$/)
    .default('voice_general'),
  /** Estimated-wait message while on hold, every N seconds. */
  IVR_WAIT_ANNOUNCE_SECONDS: z.coerce.number().int().min(10).max(600).default(30),
  /** "host:port" of the billing gRPC server; unset = the reference billing over this database. */
  BILLING_GRPC_ADDRESS: optional,
});
export type IvrConfig = z.infer<typeof ivrConfigSchema>;
