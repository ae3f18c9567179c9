import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpEmailChannel } from '../channels/email-smtp.ts';
import { SmtpDouble } from '../doubles/index.ts';
import { intakePort, startIntakeServer } from '../http/intake.ts';
import { attemptOf, trackedMessageId, verpSender } from '../services/bounces.ts';
import { isHardBounce, parseDsn } from '../services/dsn.ts';
import {
  addDebtor,
  contactRows,
  createHarness,
  eventually,
  type Harness,
  runningCampaign,
} from './harness.ts';

// Tuesday 2026-12-01, 12:00 in Krasnoyarsk.
const START = '2026-12-01T05:00:00Z';
const SECRET = 'bounce-secret';
const BOUNCES = 'bounces@energosbyt.test';
const DAY = 24 * 3600_000;

// A DSN as Postfix 3.x mails it (bytes kept as sent: CRLF, folded Content-Type).
const postfixDsn = (to: string, messageId: string, action: string, status: string) =>
  [
    'Return-Path: <>',
    'Received: by mx1.client.test (Postfix) id 4Hq2Xk0Lz1z9sTn; Tue,  1 Dec 2026 12:00:05 +0700 (+07)',
    'Date: Tue,  1 Dec 2026 12:00:05 +0700 (+07)',
    'From: MAILER-DAEMON@mx1.client.test (Mail Delivery System)',
    'Subject: Undelivered Mail Returned to Sender',
    `To: ${to}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="4Hq2Xk0Lz1z9sTn.1764565205/mx1.client.test"',
    'Content-Transfer-Encoding: 8bit',
    'Message-Id: <20261201050005.4Hq2Xk0Lz1z9sTn@mx1.client.test>',
    '',
    'This is a MIME-encapsulated message.',
    '',
    '--4Hq2Xk0Lz1z9sTn.1764565205/mx1.client.test',
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'This is the mail system at host mx1.client.test.',
    '',
    '<nobody@client.test>: host mx1.client.test[192.0.2.10] said: 550 5.1.1',
    '    <nobody@client.test>: Recipient address rejected: User unknown',
    '',
    '--4Hq2Xk0Lz1z9sTn.1764565205/mx1.client.test',
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx1.client.test',
    'X-Postfix-Queue-ID: 4Hq2Xk0Lz1z9sTn',
    'Arrival-Date: Tue,  1 Dec 2026 12:00:01 +0700 (+07)',
    '',
    'Final-Recipient: rfc822; nobody@client.test',
    'Original-Recipient: rfc822;nobody@client.test',
    `Action: ${action}`,
    `Status: ${status}`,
    'Remote-MTA: dns; mx1.client.test',
    'Diagnostic-Code: smtp; 550 5.1.1 <nobody@client.test>: Recipient address',
    '    rejected: User unknown',
    '',
    '--4Hq2Xk0Lz1z9sTn.1764565205/mx1.client.test',
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    '',
    'From: info@energosbyt.test',
    'To: nobody@client.test',
    'Subject: =?UTF-8?B?0JfQsNC00L7Qu9C20LXQvdC90L7RgdGC0Yw=?=',
    `Message-ID: ${messageId}`,
    '',
    '--4Hq2Xk0Lz1z9sTn.1764565205/mx1.client.test--',
    '',
  ].join('\r\n');

describe('asynchronous bounces: VERP, DSN (RFC 3464) through the SMTP double into the intake', () => {
  let h: Harness;
  let smtp: SmtpDouble;
  let email: SmtpEmailChannel;
  let intake: Server;
  let bouncesUrl: string;

  beforeAll(async () => {
    h = await createHarness({ start: START });
    smtp = await SmtpDouble.start({ users: { dialer: 'pw' } });
    intake = await startIntakeServer(h.deps, { host: '127.0.0.1', port: 0, bounceSecret: SECRET });
    bouncesUrl = `http://127.0.0.1:${intakePort(intake)}/api/mail/bounces`;
    email = new SmtpEmailChannel({
      host: '127.0.0.1',
      port: smtp.port,
      user: 'dialer',
      password: 'pw',
      from: 'info@energosbyt.test',
      ignoreTLS: true,
      bounce: { address: BOUNCES, secret: SECRET },
    });
    h.deps.senders.email = email;
    await addDebtor(h.db.pool, { id: 61, email: 'gone@client.test', debtKopecks: 150000 });
    await addDebtor(h.db.pool, { id: 62, email: 'slow@client.test', debtKopecks: 150000 });
    await addDebtor(h.db.pool, { id: 63, email: 'fine@client.test', debtKopecks: 150000 });
    smtp.bounceLater('gone@client.test', { status: '5.1.1' });
    smtp.bounceLater('slow@client.test', {
      action: 'delayed',
      status: '4.4.1',
      diagnostic: 'connect to mx.client.test: Connection timed out',
    });
    h.startWorkers(['email']);
  });

  afterAll(async () => {
    email?.close();
    await smtp?.stop();
    await new Promise((resolve) => intake?.close(resolve));
    await h?.close();
  });

  const attemptRow = async (clientId: number) =>
    (
      await h.db.pool.query(
        `select a.id, a.stage, a.result, a.detail from campaign_attempts a
           join campaign_contacts c on c.id = a.contact_id where c.client_id = $1 order by a.id`,
        [clientId],
      )
    ).rows;

  it('a hard bounce after 250 makes the attempt negative and the e-mail repeats in 7 days; a delay changes nothing', async () => {
    const { campaign, planned } = await runningCampaign(h, {
      name: 'Долг: почта',
      purpose: 'debt_reminder',
      channels: ['email'],
      audience: { kind: 'filter', minOverdueRubles: 1000 },
      templates: { email: { subject: 'Задолженность по л/с {{account}}', text: 'Сумма: {{amount}} руб.' } },
    });
    expect(planned).toBe(3);

    const mail = await smtp.waitForMessageTo('gone@client.test');
    const [attempt] = await attemptRow(61);
    expect(mail.from).toBe(verpSender(BOUNCES, SECRET, Number(attempt.id)));
    expect(mail.from).toMatch(/^bounces\+a\d+-[0-9a-f]{12}@energosbyt\.test$/);
    expect(mail.headers.find((x) => x.name.toLowerCase() === 'message-id')?.value).toBe(
      trackedMessageId(BOUNCES, SECRET, Number(attempt.id)),
    );

    // Every contact positive at SMTP time: the campaign finished. Then the MTA's DSNs arrive.
    await eventually(async () => (await h.campaigns.progress(campaign.id)).state === 'finished');
    smtp.deliverBouncesTo(bouncesUrl);
    await eventually(async () => smtp.dsnsSent.length === 2 || undefined);
    expect(smtp.dsnsSent.map((d) => d.httpStatus)).toEqual([200, 200]);
    const rows = await eventually(async () => {
      const byClient = new Map((await contactRows(h.db.pool, campaign.id)).map((r) => [r.client_id, r]));
      return byClient.get(61)?.state === 'pending' ? byClient : undefined;
    });
    // Accepted at SMTP time (positive), the DSN then made it negative: the 7-day repetition applies.
    expect(rows.get(61).next_attempt_at.getTime() - h.clock.nowMs()).toBe(7 * DAY);
    expect(await attemptRow(61)).toEqual([
      expect.objectContaining({ stage: 'done', result: 'negative', detail: 'bounced_5.1.1' }),
    ]);
    expect(rows.get(62)).toMatchObject({ state: 'positive' });
    expect(await attemptRow(62)).toEqual([
      expect.objectContaining({ result: 'positive', detail: 'relayed' }),
    ]);
    expect(rows.get(63)).toMatchObject({ state: 'positive' });
    // The campaign had finished with its last contact; the bounce reopened it (audited).
    expect((await h.campaigns.progress(campaign.id)).state).toBe('running');
    const audit = await h.db.pool.query(
      "select details from audit_log where action = 'campaign.reopen' and subject_id = $1",
      [String(campaign.id)],
    );
    expect(audit.rows).toEqual([{ details: { reason: 'email_bounced', contactId: rows.get(61).id } }]);

    // Seven days later the e-mail goes again (the double keeps accepting, then bouncing).
    h.clock.advance(7 * DAY);
    await h.queues.queues.email.promoteJobs();
    await smtp.waitForMessageTo('gone@client.test', { count: 2 });
    expect(await eventually(async () => ((await attemptRow(61)).length === 2 ? true : undefined))).toBe(true);
  });

  it('the same DSN twice, or a forged VERP tag, changes nothing; a DSN without ?recipient is matched by Message-ID', async () => {
    const [attempt] = await attemptRow(63);
    const id = Number(attempt.id);
    const post = (body: string, recipient?: string) =>
      fetch(`${bouncesUrl}${recipient ? `?recipient=${encodeURIComponent(recipient)}` : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822' },
        body,
      }).then(async (r) => ({ status: r.status, body: await r.json() }));

    const forged = `bounces+a${id}-000000000000@energosbyt.test`;
    expect(
      await post(postfixDsn(forged, `<a${id}.000000000000@energosbyt.test>`, 'failed', '5.1.1'), forged),
    ).toEqual({
      status: 200,
      body: { kind: 'unmatched' },
    });
    expect(await post('Subject: hello\r\n\r\nnot a report\r\n')).toEqual({
      status: 422,
      body: { kind: 'not_a_dsn' },
    });
    expect((await attemptRow(63))[0]).toMatchObject({ result: 'positive' });

    // The site's MTA lost the envelope recipient and To: is the plain bounce address: the
    // returned headers' Message-ID still names the attempt.
    const dsn = postfixDsn(BOUNCES, trackedMessageId(BOUNCES, SECRET, id), 'failed', '5.2.1');
    expect(await post(dsn)).toEqual({
      status: 200,
      body: { kind: 'bounced', attemptId: id, status: '5.2.1' },
    });
    expect(await post(dsn)).toEqual({
      status: 200,
      body: { kind: 'ignored', attemptId: id, reason: 'already negative' },
    });
    expect((await attemptRow(63))[0]).toMatchObject({ result: 'negative', detail: 'bounced_5.2.1' });
  });

  it('parses a Postfix DSN: recipient, action, status; only failed 5.x.x is hard', () => {
    const dsn = parseDsn(Buffer.from(postfixDsn(BOUNCES, '<x@y>', 'failed', '5.1.1'), 'utf8'))!;
    expect(dsn.recipients).toEqual([
      {
        finalRecipient: 'nobody@client.test',
        action: 'failed',
        status: '5.1.1',
        diagnostic: 'smtp; 550 5.1.1 <nobody@client.test>: Recipient address rejected: User unknown',
      },
    ]);
    expect(dsn.originalMessageId).toBe('<x@y>');
    expect(isHardBounce(dsn.recipients[0]!)).toBe(true);
    expect(isHardBounce({ finalRecipient: '', action: 'delayed', status: '4.4.1' })).toBe(false);
    expect(isHardBounce({ finalRecipient: '', action: 'failed', status: '4.4.7' })).toBe(false);
    expect(attemptOf(SECRET, verpSender(BOUNCES, SECRET, 12345))).toBe(12345);
    expect(attemptOf('other-secret', verpSender(BOUNCES, SECRET, 12345))).toBeUndefined();
  });
});
