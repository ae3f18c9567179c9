import smpp from 'smpp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../core/testing/clock.ts';
import { SmscDouble } from '../smsc.ts';
import { TestEsme } from './esme.ts';

let smsc: SmscDouble;
const clients: TestEsme[] = [];
const connect = async () => {
  const esme = await TestEsme.connect(smsc.url);
  clients.push(esme);
  return esme;
};

describe('binding', () => {
  beforeEach(async () => {
    smsc = await SmscDouble.start({ systemId: 'hotline', password: 'secret' });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await smsc.stop();
  });

  it('accepts the right system_id and password in every bind mode', async () => {
    for (const mode of ['transceiver', 'transmitter', 'receiver'] as const) {
      const esme = await connect();
      expect(await esme.bind('hotline', 'secret', mode)).toBe(smpp.ESME_ROK);
    }
    expect(smsc.boundSessions()).toBe(3);
  });

  it('refuses a wrong password with ESME_RINVPASWD and an unknown system_id with ESME_RINVSYSID', async () => {
    expect(await (await connect()).bind('hotline', 'wrong')).toBe(smpp.ESME_RINVPASWD);
    expect(await (await connect()).bind('stranger', 'secret')).toBe(smpp.ESME_RINVSYSID);
    expect(smsc.boundSessions()).toBe(0);
  });

  it('refuses submit_sm before a bind, from a receiver, and a second bind', async () => {
    const unbound = await connect();
    expect(
      (await unbound.submit({ destination_addr: '79131234567', short_message: 'x' })).command_status,
    ).toBe(smpp.ESME_RINVBNDSTS);
    const receiver = await connect();
    await receiver.bind('hotline', 'secret', 'receiver');
    expect(
      (await receiver.submit({ destination_addr: '79131234567', short_message: 'x' })).command_status,
    ).toBe(smpp.ESME_RINVBNDSTS);
    expect(await receiver.bind()).toBe(smpp.ESME_RALYBND);
    expect(smsc.parts).toHaveLength(0);
  });

  it('answers enquire_link, and unbind closes the session', async () => {
    const esme = await connect();
    await esme.bind();
    expect((await esme.request('enquire_link')).command).toBe('enquire_link_resp');
    const closed = new Promise((resolve) => esme.session.once('close', resolve));
    expect((await esme.request('unbind')).command).toBe('unbind_resp');
    await closed;
    await smsc.waitFor(() => (smsc.boundSessions() === 0 ? true : undefined));
  });

  it('answers an unsupported command with ESME_RINVCMDID', async () => {
    const esme = await connect();
    await esme.bind();
    const response = await new Promise<import('smpp').PDU>((resolve) =>
      esme.session.send(new smpp.PDU('query_sm', { message_id: '1' }), resolve),
    );
    expect(response.command_status).toBe(smpp.ESME_RINVCMDID);
  });
});

describe('throttling', () => {
  it('answers ESME_RTHROTTLED above the configured rate per rolling second', async () => {
    const clock = new ManualClock('2026-11-27T10:00:00Z');
    smsc = await SmscDouble.start({ maxSubmitsPerSecond: 5 }, clock);
    const esme = await connect();
    await esme.bind();
    const send = async () =>
      (await esme.submit({ destination_addr: '79131234567', short_message: 'Hi' })).command_status;
    for (let i = 0; i < 5; i++) expect(await send()).toBe(smpp.ESME_ROK);
    expect(await send()).toBe(smpp.ESME_RTHROTTLED);
    clock.advance(999);
    expect(await send()).toBe(smpp.ESME_RTHROTTLED);
    clock.advance(1);
    expect(await send()).toBe(smpp.ESME_ROK);
    expect(smsc.messagesTo('79131234567')).toHaveLength(6);
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await smsc.stop();
  });
});
