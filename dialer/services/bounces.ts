import { createHmac } from 'node:crypto';
import { inTransaction } from '../../core/db/index.ts';
import { lockAttempt } from '../db/attempts.ts';
import { auditCampaign } from '../db/campaigns.ts';
import { finishCampaignIfDone, loadContact } from '../db/contacts.ts';
import type { ContactJob, DialerDeps } from './deps.ts';
import { isHardBounce, parseDsn } from './dsn.ts';
import { applyAttemptResult, decide } from './outcomes.ts';

/**
 * Asynchronous bounces. Each campaign e-mail goes out with a VERP envelope sender
 * (`bounces+a<attempt>-<tag>@domain` for MAIL_BOUNCE_ADDRESS `bounces@domain`) and a Message-ID
 * `<a<attempt>.<tag>@domain>`; the tag is an HMAC of the attempt id, so a forged bounce cannot
 * fail someone else's e-mail. The MTA mails the DSN to the VERP address, the site hands it to
 * the intake, and a hard bounce makes the attempt negative after the fact.
 */
const tagOf = (secret: string, attemptId: number) =>
  createHmac('sha256', secret).update(`attempt:${attemptId}`).digest('hex').slice(0, 12);

export function verpSender(bounceAddress: string, secret: string, attemptId: number): string {
  const at = bounceAddress.lastIndexOf('@');
  return `${bounceAddress.slice(0, at)}+a${attemptId}-${tagOf(secret, attemptId)}${bounceAddress.slice(at)}`;
}

export function trackedMessageId(bounceAddress: string, secret: string, attemptId: number): string {
  return `<a${attemptId}.${tagOf(secret, attemptId)}${bounceAddress.slice(bounceAddress.lastIndexOf('@'))}>`;
}

/** The attempt an address or Message-ID names, when its tag is genuine. */
export function attemptOf(secret: string, text: string): number | undefined {
  const match = /[+<]a(\d{1,15})[-.]([0-9a-f]{12})@/i.exec(text);
  if (!match) return undefined;
  const id = Number(match[1]);
  return tagOf(secret, id) === match[2]!.toLowerCase() ? id : undefined;
}

export type BounceResult =
  | { kind: 'not_a_dsn' }
  | { kind: 'unmatched' }
  | { kind: 'ignored'; attemptId: number; reason: string }
  | { kind: 'bounced'; attemptId: number; status: string };

export async function handleBounceMessage(
  deps: DialerDeps,
  secret: string,
  raw: Buffer | string,
  envelopeRecipient: string | null,
): Promise<BounceResult> {
  const dsn = parseDsn(raw);
  if (!dsn) return { kind: 'not_a_dsn' };
  const candidates = [
    envelopeRecipient,
    dsn.headers.get('delivered-to'),
    dsn.headers.get('x-original-to'),
    dsn.headers.get('to'),
    dsn.originalMessageId,
  ];
  const attemptId = candidates
    .map((c) => (c ? attemptOf(secret, c) : undefined))
    .find((id) => id !== undefined);
  if (attemptId === undefined) return { kind: 'unmatched' };
  const hard = dsn.recipients.find(isHardBounce);
  if (!hard) {
    const reason = dsn.recipients.map((r) => `${r.action} ${r.status}`).join(', ') || 'no recipient';
    return { kind: 'ignored', attemptId, reason };
  }
  const applied = await applyHardBounce(deps, attemptId, `bounced_${hard.status}`);
  return applied
    ? { kind: 'bounced', attemptId, status: hard.status }
    : { kind: 'ignored', attemptId, reason: 'already negative' };
}

/**
 * A hard bounce of an e-mail attempt: negative, whatever SMTP said at the time. An attempt that
 * had made its contact positive reopens the contact — the policy then repeats the e-mail in 7
 * days or falls back to the next channel — while the campaign may still run (a campaign that
 * finished because every contact was done is reopened, audited); a stopped campaign or one past
 * its end date only gets the contact negative (`email_bounced`).
 */
export async function applyHardBounce(deps: DialerDeps, attemptId: number, detail: string): Promise<boolean> {
  const now = deps.clock.now();
  let campaignId: number | undefined;
  const outcome = await inTransaction(deps.pool, async (db) => {
    const attempt = await lockAttempt(db, attemptId);
    if (!attempt || attempt.channel !== 'email' || attempt.result === 'negative') return 'skip' as const;
    if (attempt.stage !== 'done') return 'open' as const;
    campaignId = attempt.campaignId;
    await db.query('update campaign_attempts set result = $2, detail = $3 where id = $1', [
      attemptId,
      'negative',
      detail,
    ]);
    const { rows } = await db.query(
      `select cc.state, cc.finish_reason,
              (select max(id) from campaign_attempts where contact_id = cc.id) as latest
         from campaign_contacts cc where cc.id = $1 for update`,
      [attempt.contactId],
    );
    const row = rows[0];
    if (
      row?.state !== 'positive' ||
      row.finish_reason !== 'email_positive' ||
      Number(row.latest) !== attemptId
    )
      return { job: undefined };
    const contact = (await loadContact(db, attempt.contactId))!;
    // Bounces often come after the last contact finished the campaign: it runs again for this
    // contact until its end date. A stopped campaign, or one past its end date, is not reopened.
    if (contact.campaignState === 'finished' && contact.endsAt > now) {
      await db.query("update campaigns set state = 'running', updated_at = $2 where id = $1", [
        contact.campaignId,
        now,
      ]);
      await auditCampaign(db, {
        campaignId: contact.campaignId,
        action: 'reopen',
        actor: 'service:dialer',
        at: now,
        details: { reason: 'email_bounced', contactId: contact.id },
      });
      contact.campaignState = 'running';
    }
    if (contact.campaignState !== 'running') {
      await db.query(
        "update campaign_contacts set state = 'negative', finish_reason = 'email_bounced' where id = $1",
        [contact.id],
      );
      return { job: undefined };
    }
    await db.query(
      "update campaign_contacts set state = 'in_progress', finish_reason = null, finished_at = null where id = $1",
      [contact.id],
    );
    const job: ContactJob | undefined = await decide(
      deps,
      db,
      { ...contact, state: 'in_progress' },
      'email',
      'negative',
      now,
    );
    return { job };
  });
  if (outcome === 'skip') return false;
  if (outcome === 'open') {
    await applyAttemptResult(deps, { attemptId, outcome: 'negative', detail });
    return true;
  }
  if (outcome.job) await deps.enqueue([outcome.job]);
  else if (campaignId !== undefined) await finishCampaignIfDone(deps.pool, campaignId, now);
  return true;
}
