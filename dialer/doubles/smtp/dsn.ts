/** What the relay double reports back later for one recipient (RFC 3464). */
export interface LateBounce {
  action: 'failed' | 'delayed';
  /** Enhanced status code (RFC 3463): 5.1.1 user unknown, 4.4.1 no answer from host, … */
  status: string;
  diagnostic: string;
  delayMs: number;
}

/**
 * A DSN as Postfix writes one: multipart/report with a human part, the message/delivery-status
 * part (per-message and per-recipient groups) and the returned headers, addressed to the
 * envelope sender of the original.
 */
export function composeDsn(input: {
  reportingMta: string;
  envelopeSender: string;
  recipient: string;
  originalHeaders: string;
  bounce: LateBounce;
  at: Date;
  queueId: string;
}): string {
  const boundary = `${input.queueId}.${input.at.getTime()}/${input.reportingMta}`;
  const date = input.at.toUTCString().replace('GMT', '+0000');
  const failed = input.bounce.action === 'failed';
  return [
    `Return-Path: <>`,
    `Delivered-To: ${input.envelopeSender}`,
    `From: MAILER-DAEMON@${input.reportingMta} (Mail Delivery System)`,
    `Subject: ${failed ? 'Undelivered Mail Returned to Sender' : 'Delayed Mail (still being retried)'}`,
    `To: ${input.envelopeSender}`,
    `Auto-Submitted: auto-replied`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=delivery-status;`,
    `\tboundary="${boundary}"`,
    `Content-Transfer-Encoding: 8bit`,
    `Message-Id: <${input.queueId}.dsn@${input.reportingMta}>`,
    `Date: ${date}`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `This is the mail system at host ${input.reportingMta}.`,
    '',
    failed
      ? "I'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients."
      : 'Your message could not be delivered yet; the mail system will keep trying.',
    '',
    `<${input.recipient}>: ${input.bounce.diagnostic}`,
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${input.reportingMta}`,
    `X-Postfix-Queue-ID: ${input.queueId}`,
    `X-Postfix-Sender: rfc822; ${input.envelopeSender}`,
    `Arrival-Date: ${date}`,
    '',
    `Final-Recipient: rfc822; ${input.recipient}`,
    `Original-Recipient: rfc822;${input.recipient}`,
    `Action: ${input.bounce.action}`,
    `Status: ${input.bounce.status}`,
    `Diagnostic-Code: smtp; ${input.bounce.diagnostic}`,
    '',
    `--${boundary}`,
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    '',
    input.originalHeaders.replace(/\r?\n$/, ''),
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
