import { z } from 'zod';

/** How the server refuses one recipient at RCPT TO (a permanent 5xx or a temporary 4xx). */
export const recipientFailureSchema = z.object({
  code: z.number().int().min(400).max(599).default(550),
  message: z.string().default('5.1.1 Mailbox unavailable'),
});
export type RecipientFailure = z.infer<typeof recipientFailureSchema>;
export type RecipientFailureInput = z.input<typeof recipientFailureSchema>;

export const smtpOptionsSchema = z.object({
  host: z.string().default('127.0.0.1'),
  /** 0 picks a free port (see `smtp.port`). */
  port: z.number().int().min(0).max(65535).default(0),
  /** The name the server greets with. */
  hostname: z.string().default('mx.hotline.test'),
  /** user → password; when given, AUTH is offered and required before MAIL FROM. */
  users: z.record(z.string(), z.string()).default({}),
  /** Recipient address (case-insensitive) → the refusal it gets. */
  failRecipients: z.record(z.string(), recipientFailureSchema).default({}),
  /** Largest message accepted (advertised as SIZE), octets. */
  maxMessageBytes: z
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
});
export type SmtpOptions = z.infer<typeof smtpOptionsSchema>;
export type SmtpOptionsInput = z.input<typeof smtpOptionsSchema>;

export interface MailHeader {
  name: string;
  /** Unfolded, RFC 2047 encoded-words decoded. */
  value: string;
}

/** One message as the server accepted it after the final dot. */
export interface ReceivedMail {
  id: string;
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients that were accepted (RCPT TO answered 250). */
  to: string[];
  authUser?: string;
  /** The message exactly as transmitted, dot-stuffing removed, CRLF line ends. */
  raw: string;
  headers: MailHeader[];
  subject: string;
  /** The text/plain body (transfer encoding and charset decoded), '' when there is none. */
  text: string;
  receivedAt: Date;
}
