import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpEmailChannel } from '../channels/email-smtp.ts';
import { NoticeChannel } from '../channels/notices.ts';
import { SmppSmsChannel } from '../channels/sms-smpp.ts';
import { SmscDouble, SmtpDouble } from '../doubles/index.ts';
import { handleIncomingSms, handleSmsReceipt, isStopRequest } from '../services/sms-events.ts';
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

describe('delivery through the SMPP and SMTP doubles, notices for the online account', () => {
  let h: Harness;
  let smsc: SmscDouble;
  let smtp: SmtpDouble;
  let sms: SmppSmsChannel;
  let email: SmtpEmailChannel;

  beforeAll(async () => {
    h = await createHarness({ start: START });
    smsc = await SmscDouble.start({ systemId: 'hotline', password: 'secret' });
    smtp = await SmtpDouble.start({ users: { dialer: 'pw' }, failRecipients: { 'gone@client.test': {} } });
    sms = await SmppSmsChannel.connect(
      { url: smsc.url, systemId: 'hotline', password: 'secret', sourceAddr: 'ENERGOSBYT' },
      {
        onReceipt: (id, stat) => handleSmsReceipt(h.deps, id, stat),
        onIncoming: (from, text) => handleIncomingSms(h.deps, from, text),
      },
    );
    email = new SmtpEmailChannel({
      host: '127.0.0.1',
      port: smtp.port,
      user: 'dialer',
      password: 'pw',
      from: 'info@energosbyt.test',
      ignoreTLS: true,
    });
    h.deps.senders.sms = sms;
    h.deps.senders.email = email;
    h.deps.senders.online_account = new NoticeChannel('online_account', h.db.pool, () => h.clock.now());
    await addDebtor(h.db.pool, { id: 21, email: 'ivanova@client.test', debtKopecks: 150000 });
    await addDebtor(h.db.pool, { id: 22, email: 'gone@client.test', debtKopecks: 150000 });
    await addDebtor(h.db.pool, { id: 23, phone: '+79130000023', debtKopecks: 150000 });
    await addDebtor(h.db.pool, {
      id: 24,
      phone: '+79130000024',
      email: 'petrov@client.test',
      debtKopecks: 150000,
    });
    await h.db.pool.query(
      "insert into client_consents (client_id, channel, purpose, allowed) values (24, 'sms', 'debt_reminder', false)",
    );
    smsc.setReceipt('79130000023', { status: 'DELIVRD', withhold: true });
    h.startWorkers(['sms', 'email', 'online_account']);
  });

  afterAll(async () => {
    await sms?.close();
    email?.close();
    await smsc?.stop();
    await smtp?.stop();
    await h?.close();
  });

  it('SMS then e-mail: no phone or no SMS consent → e-mail; a bounce repeats in 7 days; «СТОП» opts out', async () => {
    const { campaign, planned } = await runningCampaign(h, {
      name: 'Долг: SMS, затем почта',
      purpose: 'debt_reminder',
      channels: ['sms', 'email'],
      audience: { kind: 'filter', minOverdueRubles: 1000 },
      templates: {
        sms: 'Долг по л/с {{account}}: {{amount}} руб. СТОП - отказ',
        email: { subject: 'Задолженность по л/с {{account}}', text: 'Сумма к оплате: {{amount}} руб.' },
      },
    });
    expect(planned).toBe(4);

    const mail = await smtp.waitForMessageTo('ivanova@client.test');
    expect(mail.subject).toBe('Задолженность по л/с 1900000021');
    expect(mail.text).toContain('Сумма к оплате: 1 500,00 руб.');
    await smtp.waitForMessageTo('petrov@client.test');
    await smsc.waitForMessageTo('79130000023');
    expect(smsc.messagesTo('79130000024')).toEqual([]);

    await smsc.subscriberSends('79130000023', ' Стоп! ');
    const rows = await eventually(async () => {
      const all = await contactRows(h.db.pool, campaign.id);
      const byClient = new Map(all.map((r) => [r.client_id, r]));
      const settled =
        byClient.get(23)?.state === 'opted_out' &&
        byClient.get(22)?.state === 'pending' &&
        byClient.get(22)?.attempts_total === 1 &&
        byClient.get(21)?.state === 'positive' &&
        byClient.get(24)?.state === 'positive';
      return settled ? byClient : undefined;
    });
    expect(rows.get(21)).toMatchObject({
      state: 'positive',
      channel_index: 1,
      finish_reason: 'email_positive',
    });
    expect(rows.get(24)).toMatchObject({ state: 'positive', channel_index: 1 });
    expect(rows.get(22)).toMatchObject({ state: 'pending', channel_index: 1 });
    expect(rows.get(22).next_attempt_at.getTime() - h.clock.nowMs()).toBe(7 * 24 * 3600_000);
    const optOut = await h.db.pool.query(
      'select purpose, channel, source from campaign_opt_outs where client_id = 23',
    );
    expect(optOut.rows).toEqual([{ purpose: 'debt_reminder', channel: 'sms', source: 'sms_stop' }]);
    expect(await h.campaigns.progress(campaign.id)).toMatchObject({ positive: 2, optedOut: 1, pending: 1 });
    expect(isStopRequest('стоп')).toBe(true);
    expect(isStopRequest('не стоп')).toBe(false);
  });

  it('an opted-out client is not texted by the next campaign of that purpose', async () => {
    const { campaign } = await runningCampaign(h, {
      name: 'Долг: повтор',
      purpose: 'debt_reminder',
      channels: ['sms'],
      audience: { kind: 'filter', accountNumbers: ['1900000023'] },
      templates: { sms: 'Долг {{amount}} руб.' },
    });
    const [row] = await eventually(async () => {
      const all = await contactRows(h.db.pool, campaign.id);
      return all[0]?.state === 'opted_out' ? all : undefined;
    });
    expect(row.attempts_total).toBe(0);
    expect(smsc.messagesTo('79130000023')).toHaveLength(1);
  });

  it('online-account notice: stored once as a row the LK reads', async () => {
    const { campaign } = await runningCampaign(
      h,
      {
        name: 'Плановое отключение',
        purpose: 'restriction_notice',
        channels: ['online_account'],
        audience: { kind: 'csv' },
        templates: {
          online_account: { title: 'Отключение {{date}}', text: 'По адресу {{address}} {{date}} работы.' },
        },
      },
      { csv: 'account,date\n1900000021,05.12.2026\n' },
    );
    await eventually(async () => (await h.campaigns.progress(campaign.id)).state === 'finished');
    const { rows } = await h.db.pool.query('select client_id, channel, title, body from client_notices');
    expect(rows).toEqual([
      {
        client_id: 21,
        channel: 'online_account',
        title: 'Отключение 05.12.2026',
        body: 'По адресу г. Абакан, ул. Ленина, д. 1 05.12.2026 работы.',
      },
    ]);
  });
});
