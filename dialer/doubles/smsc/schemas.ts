import { z } from 'zod';

/** Final states a delivery receipt can report (the `stat:` field of the receipt text). */
export const RECEIPT_STATUSES = ['DELIVRD', 'UNDELIV', 'EXPIRED'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** How the handset "answers" for one destination. */
export const receiptRuleSchema = z.object({
  status: z.enum(RECEIPT_STATUSES).default('DELIVRD'),
  /** Time between submit_sm and the receipt, as a mobile network would take. */
  delayMs: z.number().int().min(0).default(0),
  /** The `err:` field, three digits. */
  err: z
    .string()
    .regex(/^\d{3}$/, 'err must be three digits')
    .default('000'),
  /** Accept the message but never send a receipt (a lost receipt). */
  withhold: z.boolean().default(false),
});
export type ReceiptRule = z.infer<typeof receiptRuleSchema>;
export type ReceiptRuleInput = z.input<typeof receiptRuleSchema>;

export const smscOptionsSchema = z.object({
  host: z.string().default('127.0.0.1'),
  /** 0 picks a free port (see `smsc.port`). */
  port: z.number().int().min(0).max(65535).default(0),
  systemId: z.string().min(1).max(15).default('hotline'),
  password: z.string().max(8).default('secret'),
  /** The short number subscribers text (MO messages are addressed to it). */
  serviceNumber: z.string().min(1).default('7777'),
  /** submit_sm accepted per rolling second; above it ESME_RTHROTTLED. Unset: unlimited. */
  maxSubmitsPerSecond: z.number().int().min(1).optional(),
  receipts: z
    .object({
      default: receiptRuleSchema.default({ status: 'DELIVRD', delayMs: 0, err: '000', withhold: false }),
      byDestination: z.record(z.string(), receiptRuleSchema).default({}),
    })
    .default({ default: { status: 'DELIVRD', delayMs: 0, err: '000', withhold: false }, byDestination: {} }),
  /** Pause before offering a deliver_sm again after the ESME answered it with an error. */
  redeliveryDelayMs: z.number().int().min(0).default(500),
});
export type SmscOptions = z.infer<typeof smscOptionsSchema>;
export type SmscOptionsInput = z.input<typeof smscOptionsSchema>;

/** One submit_sm as accepted: a whole short message or one part of a long one. */
export interface SubmittedPart {
  messageId: string;
  source: string;
  destination: string;
  dataCoding: number;
  text: string;
  registeredDelivery: number;
  concat?: ConcatInfo;
  submittedAt: Date;
}

export interface ConcatInfo {
  reference: number;
  total: number;
  sequence: number;
  via: 'udh' | 'sar';
}

/** A message as the subscriber's handset shows it, parts joined. */
export interface SmsMessage {
  source: string;
  destination: string;
  text: string;
  dataCoding: number;
  messageIds: string[];
  via: 'single' | 'udh' | 'sar' | 'payload';
  submittedAt: Date;
}

/** A deliver_sm the SMSC offered the ESME (a receipt or an MO message) and what became of it. */
export interface EsmeDelivery {
  kind: 'receipt' | 'mo';
  source: string;
  destination: string;
  text: string;
  receiptFor?: string;
  status?: ReceiptStatus;
  acknowledged: boolean;
  attempts: number;
}
