import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The push webhook contract (README "dialer"): the dialer POSTs one JSON message per attempt to
 * the retailer's mobile-app push gateway, and the gateway POSTs delivery receipts back. Both
 * directions are signed the same way: `X-Hotline-Signature: t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, `${t}.${raw body}`) — the timestamp inside the MAC stops replays of
 * an old body, the raw body (not re-serialised JSON) is what both sides hash.
 */
export const SIGNATURE_HEADER = 'x-hotline-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A signature older or newer than this (either side's clock may drift) is refused. */
export const SIGNATURE_TOLERANCE_S = 300;

export const idempotencyKeyOf = (attemptId: number) => `attempt-${attemptId}`;

export function attemptIdOfKey(key: string): number | undefined {
  const match = /^attempt-(\d{1,15})$/.exec(key);
  return match ? Number(match[1]) : undefined;
}

export const pushMessageSchema = z.object({
  idempotencyKey: z.string(),
  clientId: z.number().int(),
  accountId: z.number().int().nullable(),
  campaignId: z.number().int().nullable(),
  title: z.string(),
  text: z.string(),
  /** When the dialer created the notice (ISO 8601, UTC). */
  createdAt: z.string(),
  /** When this POST was made (a retry has a later one; the key stays). */
  sentAt: z.string(),
});
export type PushMessage = z.infer<typeof pushMessageSchema>;

export const pushReceiptsSchema = z.object({
  receipts: z
    .array(
      z.object({
        idempotencyKey: z.string(),
        status: z.enum(['delivered', 'failed']),
        /** Why it failed ('unregistered', 'expired', …); stored in the attempt's detail. */
        reason: z.string().max(100).optional(),
        at: z.string(),
      }),
    )
    .min(1)
    .max(1000),
});
export type PushReceipts = z.infer<typeof pushReceiptsSchema>;

const mac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function signBody(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${mac(secret, t, body)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowMs: number,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'signature missing' };
  const fields = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(fields.get('t'));
  const given = fields.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given))
    return { ok: false, reason: 'signature malformed' };
  if (Math.abs(nowMs / 1000 - t) > SIGNATURE_TOLERANCE_S) return { ok: false, reason: 'signature expired' };
  const expected = Buffer.from(mac(secret, t, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex')))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
