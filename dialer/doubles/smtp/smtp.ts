import { EventEmitter, once } from 'node:events';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { type Clock, systemClock } from '../../../core/lifecycle/clock.ts';
import { waitForChange } from '../wait-for.ts';
import { composeDsn, type LateBounce } from './dsn.ts';
import { parseMessage } from './parse-message.ts';
import {
  type ReceivedMail,
  type RecipientFailure,
  type RecipientFailureInput,
  recipientFailureSchema,
  type SmtpOptions,
  type SmtpOptionsInput,
  smtpOptionsSchema,
} from './schemas.ts';
import { type AcceptedEnvelope, SmtpSession } from './session.ts';

const mailbox = (address: string) => address.trim().toLowerCase();

/**
 * A small, real SMTP server (node:net) standing in for the retailer's mail relay: it speaks to
 * nodemailer like any MTA, keeps every accepted message, and refuses chosen recipients.
 */
export class SmtpDouble extends EventEmitter {
  readonly options: SmtpOptions;
  readonly messages: ReceivedMail[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly failures = new Map<string, RecipientFailure>();
  private nextId = 1;
  private readonly lateBounces = new Map<string, LateBounce>();
  private bounceUrl: string | undefined;
  private readonly heldDsns: Array<() => void> = [];
  /** DSNs handed to the bounce URL: the HTTP status the receiver answered. */
  readonly dsnsSent: Array<{ recipient: string; envelopeSender: string; raw: string; httpStatus: number }> =
    [];

  private constructor(
    options: SmtpOptions,
    private readonly clock: Clock,
  ) {
    super();
    this.options = options;
    for (const [address, failure] of Object.entries(options.failRecipients))
      this.failures.set(mailbox(address), failure);
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      new SmtpSession(socket, this.options, {
        failureFor: (recipient) => this.failures.get(mailbox(recipient)),
        accept: (envelope) => this.store(envelope),
      });
    });
  }

  static async start(input: SmtpOptionsInput = {}, clock: Clock = systemClock): Promise<SmtpDouble> {
    const smtp = new SmtpDouble(smtpOptionsSchema.parse(input), clock);
    smtp.server.listen(smtp.options.port, smtp.options.host);
    await once(smtp.server, 'listening');
    return smtp;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Refuse `address` at RCPT TO from now on (550 mailbox unavailable unless told otherwise). */
  failRecipient(address: string, failure: RecipientFailureInput = {}): void {
    this.failures.set(mailbox(address), recipientFailureSchema.parse(failure));
  }

  /**
   * Accept mail to `address` at SMTP time, then report it later like a real MTA: a DSN
   * (RFC 3464, composed as Postfix does) for the envelope sender, handed to `deliverBouncesTo`'s
   * URL the way a site's bounce alias pipes it (`POST ?recipient=<envelope sender>`).
   */
  bounceLater(address: string, bounce: Partial<LateBounce> = {}): void {
    this.lateBounces.set(mailbox(address), {
      action: bounce.action ?? 'failed',
      status: bounce.status ?? '5.1.1',
      diagnostic: bounce.diagnostic ?? '550 5.1.1 <mailbox>: Recipient address rejected: User unknown',
      delayMs: bounce.delayMs ?? 20,
    });
  }

  /** Where DSNs go; until it is set they wait in the double's queue (then all go at once). */
  deliverBouncesTo(url: string): void {
    this.bounceUrl = url;
    for (const send of this.heldDsns.splice(0)) send();
  }

  acceptRecipient(address: string): void {
    this.failures.delete(mailbox(address));
  }

  /** Messages whose envelope included `address`, oldest first. */
  messagesTo(address: string): ReceivedMail[] {
    const wanted = mailbox(address);
    return this.messages.filter((m) => m.to.some((to) => mailbox(to) === wanted));
  }

  waitForMessageTo(
    address: string,
    options: { count?: number; timeoutMs?: number } = {},
  ): Promise<ReceivedMail> {
    const count = options.count ?? 1;
    return waitForChange(
      this,
      () => this.messagesTo(address)[count - 1],
      options.timeoutMs ?? 5000,
      `SMTP double: message #${count} to ${address}`,
    );
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private store(envelope: AcceptedEnvelope): string {
    const id = `M${String(this.nextId++).padStart(6, '0')}`;
    const parsed = parseMessage(envelope.data);
    this.messages.push({
      id,
      from: envelope.from,
      to: [...envelope.to],
      ...(envelope.authUser ? { authUser: envelope.authUser } : {}),
      raw: Buffer.from(envelope.data, 'latin1').toString('utf8'),
      ...parsed,
      receivedAt: this.clock.now(),
    });
    this.emit('change');
    for (const recipient of envelope.to) {
      const bounce = this.lateBounces.get(mailbox(recipient));
      if (bounce) setTimeout(() => void this.sendDsn(id, envelope, recipient, bounce), bounce.delayMs);
    }
    return id;
  }

  private async sendDsn(queueId: string, envelope: AcceptedEnvelope, recipient: string, bounce: LateBounce) {
    if (!envelope.from) return; // a null sender gets no bounce (RFC 5321 §4.5.5)
    if (!this.bounceUrl) {
      this.heldDsns.push(() => void this.sendDsn(queueId, envelope, recipient, bounce));
      return;
    }
    const headerEnd = envelope.data.search(/\r?\n\r?\n/);
    const raw = composeDsn({
      reportingMta: this.options.hostname,
      envelopeSender: envelope.from,
      recipient,
      originalHeaders: headerEnd < 0 ? envelope.data : envelope.data.slice(0, headerEnd),
      bounce,
      at: this.clock.now(),
      queueId,
    });
    let httpStatus = 0;
    try {
      const response = await fetch(`${this.bounceUrl}?recipient=${encodeURIComponent(envelope.from)}`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822' },
        body: Buffer.from(raw, 'latin1'),
      });
      httpStatus = response.status;
      await response.arrayBuffer();
    } catch {
      httpStatus = -1;
    }
    this.dsnsSent.push({ recipient, envelopeSender: envelope.from, raw, httpStatus });
    this.emit('change');
  }
}
