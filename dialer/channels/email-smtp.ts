import nodemailer, { type Transporter } from 'nodemailer';
import { trackedMessageId, verpSender } from '../services/bounces.ts';
import type { ChannelSender, SendOutcome, SendRequest } from './channel.ts';

export interface SmtpOptions {
  host: string;
  port: number;
  user?: string;
  password?: string;
  from: string;
  /** Local relays without TLS (the test double, a relay on the same host). */
  ignoreTLS?: boolean;
  /**
   * Asynchronous bounces (services/bounces.ts): campaign mail goes out with a VERP envelope
   * sender under this address and a tracked Message-ID, so a later DSN finds its attempt.
   */
  bounce?: { address: string; secret: string };
}

/**
 * E-mail through the retailer's SMTP relay (nodemailer). Accepted by the relay = positive (the
 * standard's "delivered and not bounced" as far as SMTP tells at once); a refused recipient
 * (5xx at RCPT TO, a bounce) = negative, and the policy repeats in 7 days.
 */
export class SmtpEmailChannel implements ChannelSender {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: false,
      ignoreTLS: options.ignoreTLS ?? false,
      ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    });
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    try {
      const bounce = this.options.bounce;
      // Appeal answers reuse this channel without an attempt (id 0): plain envelope for them.
      const tracked = bounce && request.attemptId > 0;
      const info = await this.transport.sendMail({
        from: this.options.from,
        ...(tracked
          ? {
              envelope: {
                from: verpSender(bounce.address, bounce.secret, request.attemptId),
                to: request.address,
              },
              messageId: trackedMessageId(bounce.address, bounce.secret, request.attemptId),
            }
          : {}),
        to: request.address,
        subject: request.message.title ?? '',
        text: request.message.text,
      });
      if ((info.rejected ?? []).length > 0)
        return { kind: 'finished', outcome: 'negative', detail: 'bounced' };
      return {
        kind: 'finished',
        outcome: 'positive',
        detail: 'relayed',
        gatewayIds: [String(info.messageId)],
      };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx: the address is refused for good (a bounce); 4xx and network trouble: try again later.
      if (code !== undefined && code >= 500)
        return { kind: 'finished', outcome: 'negative', detail: `bounced_${code}` };
      throw error;
    }
  }

  close(): void {
    this.transport.close();
  }
}
