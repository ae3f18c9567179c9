import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpDouble } from '../smtp.ts';

let smtp: SmtpDouble;
const transport = (auth: { user: string; pass: string }, authMethod = 'PLAIN') =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    auth,
    authMethod,
  });

beforeAll(async () => {
  smtp = await SmtpDouble.start({
    users: { dialer: 'пароль-s3cret' },
    failRecipients: { 'gone@client.test': {} },
  });
});
afterAll(async () => {
  await smtp.stop();
});

const subject = 'Напоминание о задолженности по лицевому счёту 240001234567 — оплатите до 25.12.2026';
const text = [
  'Уважаемый клиент!',
  'Задолженность по лицевому счёту составляет 1 234,56 ₽.',
  '.Эта строка начинается с точки',
  '.',
  'С уважением, Ваша энергосбытовая компания',
].join('\n');

describe('the SMTP double with the real nodemailer', () => {
  it('accepts a message over AUTH PLAIN and decodes the Cyrillic subject and body', async () => {
    const info = await transport({ user: 'dialer', pass: 'пароль-s3cret' }).sendMail({
      from: '"Энергосбыт" <noreply@energosbyt.test>',
      to: ['ivanova@client.test', 'gone@client.test'],
      subject,
      text,
    });
    expect(info.accepted).toEqual(['ivanova@client.test']);
    expect(info.rejected).toEqual(['gone@client.test']);
    expect(info.response).toMatch(/^250 2\.0\.0 OK: queued as M\d{6}$/);

    const mail = await smtp.waitForMessageTo('IVANOVA@client.test');
    expect(mail).toMatchObject({
      from: 'noreply@energosbyt.test',
      to: ['ivanova@client.test'],
      authUser: 'dialer',
      subject,
      text,
    });
    expect(mail.headers.find((h) => h.name === 'From')?.value).toBe('Энергосбыт <noreply@energosbyt.test>');
    expect(mail.raw).toContain('Subject: =?UTF-8?');
    expect(smtp.messagesTo('gone@client.test')).toEqual([]);
  });

  it('keeps a line that starts with a dot (nodemailer stuffs it, the server unstuffs it)', async () => {
    const ascii = 'Meter readings are due.\n.This line starts with a dot\n.\nEnd';
    await transport({ user: 'dialer', pass: 'пароль-s3cret' }).sendMail({
      from: 'noreply@energosbyt.test',
      to: 'dots@client.test',
      subject: 'Dots',
      text: ascii,
    });
    const mail = await smtp.waitForMessageTo('dots@client.test');
    expect(mail.raw).toContain('\r\n.This line starts with a dot\r\n.\r\nEnd');
    expect(mail.text.replace(/\r\n/g, '\n')).toBe(ascii);
  });

  it('accepts AUTH LOGIN and an HTML + text message', async () => {
    await transport({ user: 'dialer', pass: 'пароль-s3cret' }, 'LOGIN').sendMail({
      from: 'noreply@energosbyt.test',
      to: 'petrov@client.test',
      subject: 'Показания',
      text: 'Передайте показания счётчика до 25 числа.',
      html: '<p>Передайте показания счётчика до 25 числа.</p>',
    });
    const mail = await smtp.waitForMessageTo('petrov@client.test');
    expect(mail).toMatchObject({ subject: 'Показания', text: 'Передайте показания счётчика до 25 числа.' });
  });

  it('refuses a wrong password with 535', async () => {
    const sending = transport({ user: 'dialer', pass: 'wrong' }).sendMail({
      from: 'noreply@energosbyt.test',
      to: 'petrov@client.test',
      text: 'x',
    });
    await expect(sending).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
  });

  it('fails the message when every recipient is refused, with the 550 of the server', async () => {
    smtp.failRecipient('moved@client.test');
    const sending = transport({ user: 'dialer', pass: 'пароль-s3cret' }).sendMail({
      from: 'noreply@energosbyt.test',
      to: ['gone@client.test', 'moved@client.test'],
      text: 'x',
    });
    await expect(sending).rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    smtp.acceptRecipient('moved@client.test');
    await transport({ user: 'dialer', pass: 'пароль-s3cret' }).sendMail({
      from: 'noreply@energosbyt.test',
      to: 'moved@client.test',
      text: 'now it works',
    });
    expect((await smtp.waitForMessageTo('moved@client.test')).text).toBe('now it works');
  });
});
