import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEncodedWords } from '../rfc2047.ts';
import { SmtpDouble } from '../smtp.ts';

/** A bare SMTP client: sends one line, returns the whole (possibly multi-line) reply. */
class LineClient {
  private buffer = '';
  private waiting: ((reply: string) => void) | undefined;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.deliver();
    });
  }

  static async open(port: number): Promise<{ client: LineClient; greeting: string }> {
    const client = new LineClient(connect(port, '127.0.0.1'));
    return { client, greeting: await client.next() };
  }

  private deliver(): void {
    const complete = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(this.buffer);
    if (!complete || !this.waiting) return;
    const end = complete.index + complete[0].length;
    const reply = this.buffer.slice(0, end).trimEnd();
    this.buffer = this.buffer.slice(end);
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve(reply);
  }

  next(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.deliver();
    });
  }

  send(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.next();
  }
}

let smtp: SmtpDouble;
const plain = (user: string, password: string) =>
  Buffer.from(`\u0000${user}\u0000${password}`).toString('base64');

beforeAll(async () => {
  smtp = await SmtpDouble.start({ hostname: 'mx.test', users: { dialer: 'pw' } });
});
afterAll(async () => {
  await smtp.stop();
});

describe('SMTP conversation', () => {
  it('walks EHLO, AUTH, MAIL, RCPT, RSET, DATA with dot-stuffing and QUIT', async () => {
    const { client, greeting } = await LineClient.open(smtp.port);
    expect(greeting).toMatch(/^220 mx\.test ESMTP/);
    expect(await client.send('MAIL FROM:<a@b.test>')).toMatch(/^503 /);
    expect(await client.send('EHLO dialer.test')).toBe(
      '250-mx.test\r\n250-SIZE 10485760\r\n250-8BITMIME\r\n250 AUTH PLAIN LOGIN',
    );
    expect(await client.send('MAIL FROM:<a@b.test>')).toBe('530 5.7.0 Authentication required');
    expect(await client.send(`AUTH PLAIN ${plain('dialer', 'bad')}`)).toBe(
      '535 5.7.8 Authentication credentials invalid',
    );
    expect(await client.send('AUTH PLAIN')).toBe('334');
    expect(await client.send(plain('dialer', 'pw'))).toBe('235 2.7.0 Authentication successful');
    expect(await client.send('RCPT TO:<x@client.test>')).toBe('503 5.5.1 Error: need MAIL command');
    expect(await client.send('MAIL FROM:<a@b.test> BODY=8BITMIME')).toBe('250 2.1.0 OK');
    expect(await client.send('RCPT TO:<dropped@client.test>')).toBe('250 2.1.5 OK');
    expect(await client.send('RSET')).toBe('250 2.0.0 OK');
    expect(await client.send('DATA')).toBe('503 5.5.1 Error: need MAIL command');
    expect(await client.send('MAIL FROM:<a@b.test>')).toBe('250 2.1.0 OK');
    expect(await client.send('RCPT TO:<kept@client.test>')).toBe('250 2.1.5 OK');
    expect(await client.send('DATA')).toMatch(/^354 /);
    const body = [
      'Subject: =?utf-8?Q?=D0=94=D0=BE=D0=BB=D0=B3?= 100',
      '',
      'line one',
      '..starts with a dot',
      '...',
      'end',
    ];
    const stored = await client.send(`${body.join('\r\n')}\r\n.`);
    expect(stored).toMatch(/^250 2\.0\.0 OK: queued as (M\d{6})$/);
    expect(await client.send('NOOP')).toBe('250 2.0.0 OK');
    expect(await client.send('HELP')).toBe('502 5.5.2 Error: command not recognized');
    const closed = new Promise((resolve) => client.socket.once('close', resolve));
    expect(await client.send('QUIT')).toBe('221 2.0.0 Bye');
    await closed;

    expect(smtp.messagesTo('dropped@client.test')).toEqual([]);
    const [mail] = smtp.messagesTo('kept@client.test');
    expect(mail).toMatchObject({
      from: 'a@b.test',
      to: ['kept@client.test'],
      subject: 'Долг 100',
      authUser: 'dialer',
    });
    expect(mail!.text).toBe('line one\r\n.starts with a dot\r\n..\r\nend');
    expect(mail!.raw.endsWith('\r\nend\r\n')).toBe(true);
  });

  it('does AUTH LOGIN step by step, and refuses DATA without recipients', async () => {
    const { client } = await LineClient.open(smtp.port);
    await client.send('EHLO dialer.test');
    expect(await client.send('AUTH LOGIN')).toBe('334 VXNlcm5hbWU6');
    expect(await client.send(Buffer.from('dialer').toString('base64'))).toBe('334 UGFzc3dvcmQ6');
    expect(await client.send(Buffer.from('pw').toString('base64'))).toBe(
      '235 2.7.0 Authentication successful',
    );
    smtp.failRecipient('full@client.test', { code: 452, message: '4.2.2 Mailbox full' });
    await client.send('MAIL FROM:<a@b.test>');
    expect(await client.send('RCPT TO:<full@client.test>')).toBe('452 4.2.2 Mailbox full');
    expect(await client.send('DATA')).toBe('554 5.5.1 Error: no valid recipients');
    client.socket.destroy();
  });
});

describe('message size', () => {
  it('refuses a message above maxMessageBytes with 552 and keeps the session usable', async () => {
    const small = await SmtpDouble.start({ maxMessageBytes: 2048 });
    const { client } = await LineClient.open(small.port);
    await client.send('EHLO dialer.test');
    await client.send('MAIL FROM:<a@b.test>');
    await client.send('RCPT TO:<big@client.test>');
    await client.send('DATA');
    const tooBig = `Subject: big\r\n\r\n${'x'.repeat(100)}\r\n`.repeat(25);
    expect(await client.send(`${tooBig}.`)).toBe('552 5.3.4 Message size exceeds fixed maximum message size');
    expect(await client.send('MAIL FROM:<a@b.test>')).toBe('250 2.1.0 OK');
    expect(small.messages).toEqual([]);
    client.socket.destroy();
    await small.stop();
  });
});

describe('RFC 2047 header decoding', () => {
  it('decodes B and Q words, joins adjacent words, keeps plain text', () => {
    expect(decodeEncodedWords('=?UTF-8?B?0JTQvtC70LM=?=')).toBe('Долг');
    expect(decodeEncodedWords('Re: =?utf-8?q?=D0=94=D0=BE=D0=BB=D0=B3_100?= руб')).toBe('Re: Долг 100 руб');
    // One Cyrillic letter (D0 94) split across two words: bytes are joined before decoding.
    expect(decodeEncodedWords('=?UTF-8?Q?=D0?=\r\n =?UTF-8?Q?=94=D0=BE?=')).toBe('До');
    expect(decodeEncodedWords('=?windows-1251?B?xO7r4w==?= =?UTF-8?B?IQ==?=')).toBe('Долг!');
    expect(decodeEncodedWords('plain = text ?= here')).toBe('plain = text ?= here');
  });
});
