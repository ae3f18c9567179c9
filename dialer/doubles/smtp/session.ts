import type { Socket } from 'node:net';
import type { RecipientFailure, SmtpOptions } from './schemas.ts';

/** What a session hands to the server once a message has been accepted. */
export interface AcceptedEnvelope {
  from: string;
  to: string[];
  authUser?: string;
  /** The message octets as latin1 characters (dot-stuffing removed, CRLF line ends). */
  data: string;
}

export interface SessionHooks {
  failureFor(recipient: string): RecipientFailure | undefined;
  /** Stores the message and returns its queue id. */
  accept(envelope: AcceptedEnvelope): string;
}

/** An SMTP reply: code and text lines (more than one line makes a multi-line reply). */
type Reply = readonly [number, ...string[]];
const reply = (code: number, ...lines: string[]): Reply => [code, ...lines];

type AuthStep = { mechanism: 'PLAIN' } | { mechanism: 'LOGIN'; user?: string };

const ADDRESS = /^(?:MAIL FROM|RCPT TO):\s*<([^>]*)>/i;

/**
 * One SMTP conversation (RFC 5321 subset): EHLO/HELO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA with
 * dot-stuffing, RSET, NOOP, QUIT. Lines are handled strictly in order, so a pipelining client
 * gets its replies in order too.
 */
export class SmtpSession {
  private buffer = '';
  private greeted = false;
  private authUser: string | undefined;
  private auth: AuthStep | undefined;
  private from: string | undefined;
  private to: string[] = [];
  private dataLines: string[] | undefined;
  private dataBytes = 0;

  constructor(
    private readonly socket: Socket,
    private readonly options: SmtpOptions,
    private readonly hooks: SessionHooks,
  ) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    this.send(reply(220, `${options.hostname} ESMTP hotline test double`));
  }

  private get authRequired(): boolean {
    return Object.keys(this.options.users).length > 0;
  }

  private send([code, ...lines]: Reply): void {
    if (this.socket.destroyed) return;
    const text = lines.map((line, i) => `${code}${i < lines.length - 1 ? '-' : ' '}${line}\r\n`).join('');
    this.socket.write(text, 'latin1');
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\n');
    while (end >= 0 && !this.socket.destroyed) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      const answer = this.dataLines
        ? this.dataLine(line)
        : this.auth
          ? this.authLine(line)
          : this.command(line);
      if (answer) this.send(answer);
      // 221 answers QUIT: the server closes the connection after it (RFC 5321 §4.1.1.10).
      if (answer?.[0] === 221) this.socket.end();
      end = this.buffer.indexOf('\n');
    }
  }

  private dataLine(line: string): Reply | undefined {
    const lines = this.dataLines!;
    if (line === '.') {
      this.dataLines = undefined;
      const envelope = { from: this.from!, to: this.to, data: lines.map((l) => `${l}\r\n`).join('') };
      this.resetTransaction();
      if (this.dataBytes > this.options.maxMessageBytes) {
        return reply(552, '5.3.4 Message size exceeds fixed maximum message size');
      }
      const id = this.hooks.accept(this.authUser ? { ...envelope, authUser: this.authUser } : envelope);
      return reply(250, `2.0.0 OK: queued as ${id}`);
    }
    // Transparency (RFC 5321 §4.5.2): a leading dot was doubled by the client.
    const unstuffed = line.startsWith('.') ? line.slice(1) : line;
    this.dataBytes += unstuffed.length + 2;
    if (this.dataBytes <= this.options.maxMessageBytes) lines.push(unstuffed);
    return undefined;
  }

  private command(line: string): Reply | undefined {
    const verb = line.split(' ', 1)[0]!.toUpperCase();
    const argument = line.slice(verb.length).trim();
    switch (verb) {
      case 'EHLO':
        return this.hello(argument, true);
      case 'HELO':
        return this.hello(argument, false);
      case 'AUTH':
        return this.startAuth(argument);
      case 'MAIL':
        return this.mail(line);
      case 'RCPT':
        return this.rcpt(line);
      case 'DATA':
        return this.data();
      case 'RSET':
        this.resetTransaction();
        return reply(250, '2.0.0 OK');
      case 'NOOP':
        return reply(250, '2.0.0 OK');
      case 'QUIT':
        return reply(221, '2.0.0 Bye');
      default:
        return reply(502, '5.5.2 Error: command not recognized');
    }
  }

  private hello(domain: string, extended: boolean): Reply | undefined {
    if (!domain) return reply(501, '5.5.4 Syntax: EHLO hostname');
    this.greeted = true;
    this.resetTransaction();
    if (!extended) return reply(250, this.options.hostname);
    const extensions = [`SIZE ${this.options.maxMessageBytes}`, '8BITMIME'];
    if (this.authRequired) extensions.push('AUTH PLAIN LOGIN');
    return reply(250, this.options.hostname, ...extensions);
  }

  private startAuth(argument: string): Reply | undefined {
    const [mechanism = '', initial] = argument.split(/\s+/);
    if (!this.greeted) return reply(503, '5.5.1 Error: send EHLO first');
    if (!this.authRequired) return reply(503, '5.5.1 Error: authentication not enabled');
    if (this.authUser) return reply(503, '5.5.1 Error: already authenticated');
    switch (mechanism.toUpperCase()) {
      case 'PLAIN':
        this.auth = { mechanism: 'PLAIN' };
        return initial ? this.authLine(initial) : reply(334, '');
      case 'LOGIN':
        this.auth = { mechanism: 'LOGIN' };
        return initial ? this.authLine(initial) : reply(334, 'VXNlcm5hbWU6'); // "Username:"
      default:
        return reply(504, '5.5.4 Unrecognized authentication type');
    }
  }

  private authLine(line: string): Reply | undefined {
    const step = this.auth!;
    if (line === '*') {
      this.auth = undefined;
      return reply(501, '5.7.0 Authentication aborted');
    }
    const decoded = Buffer.from(line, 'base64').toString('utf8');
    if (step.mechanism === 'LOGIN' && step.user === undefined) {
      step.user = decoded;
      return reply(334, 'UGFzc3dvcmQ6'); // "Password:"
    }
    this.auth = undefined;
    // PLAIN: authzid NUL authcid NUL password (RFC 4616).
    const [user, password] =
      step.mechanism === 'LOGIN' ? [step.user!, decoded] : decoded.split('\u0000').slice(1);
    if (
      user !== undefined &&
      Object.hasOwn(this.options.users, user) &&
      this.options.users[user] === password
    ) {
      this.authUser = user;
      return reply(235, '2.7.0 Authentication successful');
    }
    return reply(535, '5.7.8 Authentication credentials invalid');
  }

  private mail(line: string): Reply | undefined {
    const address = ADDRESS.exec(line);
    if (!this.greeted) return reply(503, '5.5.1 Error: send HELO/EHLO first');
    if (this.authRequired && !this.authUser) return reply(530, '5.7.0 Authentication required');
    if (this.from !== undefined) return reply(503, '5.5.1 Error: nested MAIL command');
    if (!address || !/^MAIL FROM:/i.test(line)) return reply(501, '5.5.4 Syntax: MAIL FROM:<address>');
    this.from = address[1]!;
    return reply(250, '2.1.0 OK');
  }

  private rcpt(line: string): Reply | undefined {
    const address = ADDRESS.exec(line);
    if (this.from === undefined) return reply(503, '5.5.1 Error: need MAIL command');
    if (!address || !/^RCPT TO:/i.test(line) || !address[1])
      return reply(501, '5.5.4 Syntax: RCPT TO:<address>');
    const failure = this.hooks.failureFor(address[1]);
    if (failure) return reply(failure.code, failure.message);
    this.to.push(address[1]);
    return reply(250, '2.1.5 OK');
  }

  private data(): Reply | undefined {
    if (this.from === undefined) return reply(503, '5.5.1 Error: need MAIL command');
    if (this.to.length === 0) return reply(554, '5.5.1 Error: no valid recipients');
    this.dataLines = [];
    this.dataBytes = 0;
    return reply(354, 'End data with <CR><LF>.<CR><LF>');
  }

  private resetTransaction(): void {
    this.from = undefined;
    this.to = [];
  }
}
