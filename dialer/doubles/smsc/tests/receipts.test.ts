import smpp from 'smpp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseReceiptText } from '../receipt.ts';
import { SmscDouble } from '../smsc.ts';
import { TestEsme, ucs2 } from './esme.ts';

let smsc: SmscDouble;
let esme: TestEsme;

beforeEach(async () => {
  smsc = await SmscDouble.start({
    receipts: { byDestination: { '79130000002': { status: 'UNDELIV', err: '001' } } },
    redeliveryDelayMs: 20,
  });
  esme = await TestEsme.connect(smsc.url);
  await esme.bind();
});
afterEach(async () => {
  await esme.close();
  await smsc.stop();
});

const send = (to: string, text: string, registered_delivery = 1) =>
  esme.submit({
    destination_addr: to,
    source_addr: 'ENERGOSBYT',
    data_coding: 0,
    short_message: Buffer.from(text),
    registered_delivery,
  });

describe('delivery receipts', () => {
  it('sends a deliver_sm with esm_class 0x04 and the standard receipt text', async () => {
    const response = await send('79130000001', 'Your debt is 1234.56');
    const receipt = await esme.waitForDeliver();
    expect(receipt.esm_class).toBe(smpp.consts.ESM_CLASS.MC_DELIVERY_RECEIPT);
    expect(receipt.source_addr).toBe('79130000001');
    expect(receipt.destination_addr).toBe('ENERGOSBYT');
    expect(receipt.receipted_message_id).toBe(response.message_id);
    expect(receipt.message_state).toBe(2);
    const text = (receipt.short_message as { message: string }).message;
    expect(text).toMatch(
      /^id:\d{10} sub:001 dlvrd:001 submit date:\d{10} done date:\d{10} stat:DELIVRD err:000 text:Your debt is 1234.56$/,
    );
    expect(parseReceiptText(text)).toMatchObject({ id: response.message_id, stat: 'DELIVRD' });
    await smsc.waitFor(() => (smsc.deliveries[0]?.acknowledged ? true : undefined));
  });

  it('reports the configured outcome per destination: UNDELIV, EXPIRED after a delay', async () => {
    await send('79130000002', 'x');
    const undelivered = await esme.waitForDeliver(1);
    expect((undelivered.short_message as { message: string }).message).toContain('dlvrd:000');
    expect((undelivered.short_message as { message: string }).message).toContain('stat:UNDELIV err:001');
    expect(undelivered.message_state).toBe(5);

    smsc.setReceipt('+79130000003', { status: 'EXPIRED', delayMs: 150 });
    await send('79130000003', 'y');
    expect(smsc.deliveries).toHaveLength(1); // not yet: the network takes its time
    const expired = await esme.waitForDeliver(2);
    expect((expired.short_message as { message: string }).message).toContain('stat:EXPIRED');
    expect(expired.message_state).toBe(3);
  });

  it('sends a receipt only when registered_delivery asks for one', async () => {
    await send('79130000001', 'no receipt wanted', 0);
    await send('79130000002', 'failures only', 2); // UNDELIV: reported
    await send('79130000001', 'failures only', 2); // DELIVRD: not reported
    await send('79130000001', 'last', 1);
    await esme.waitForDeliver(2);
    const reported = esme.received.map((pdu) => (pdu.short_message as { message: string }).message);
    expect(reported).toHaveLength(2);
    expect(reported[0]).toContain('text:failures only');
    expect(reported[1]).toContain('text:last');
  });

  it('quotes a Cyrillic message as question marks in the receipt text', async () => {
    await esme.submit({
      destination_addr: '79130000001',
      data_coding: 8,
      short_message: ucs2('Долг 100 руб.'),
      registered_delivery: 1,
    });
    const receipt = await esme.waitForDeliver();
    expect((receipt.short_message as { message: string }).message).toMatch(/text:\?{4} 100 \?{3}\.$/);
  });

  it('offers a receipt again when the ESME answers with an error', async () => {
    esme.answerNextDeliverWith = smpp.errors.ESME_RX_T_APPN!;
    await send('79130000001', 'retry me');
    await esme.waitForDeliver(1);
    await smsc.waitFor(() => (smsc.deliveries[0]?.acknowledged ? true : undefined));
    expect(smsc.deliveries[0]).toMatchObject({ kind: 'receipt', acknowledged: true, attempts: 2 });
    expect(esme.received).toHaveLength(1);
  });

  it('offers an unacknowledged receipt again after the ESME dies without answering', async () => {
    esme.silent = true;
    await send('79130000001', 'crash before ack');
    await smsc.waitFor(() => (smsc.deliveries[0]?.attempts === 1 ? true : undefined));
    await esme.close();
    esme = await TestEsme.connect(smsc.url);
    await esme.bind();
    const receipt = await esme.waitForDeliver();
    expect(receipt.receipted_message_id).toBe(smsc.parts[0]!.messageId);
    await smsc.waitFor(() => (smsc.deliveries[0]?.acknowledged ? true : undefined));
    expect(smsc.deliveries[0]!.attempts).toBe(2);
  });

  it('holds receipts while no receiver is bound and hands them to the next bind', async () => {
    await esme.close();
    const transmitter = await TestEsme.connect(smsc.url);
    await transmitter.bind('hotline', 'secret', 'transmitter');
    await transmitter.submit({
      destination_addr: '79130000001',
      short_message: 'held',
      registered_delivery: 1,
    });
    await smsc.waitFor(() => smsc.deliveries[0]);
    expect(transmitter.received).toHaveLength(0);
    esme = await TestEsme.connect(smsc.url);
    await esme.bind('hotline', 'secret', 'receiver');
    expect((await esme.waitForDeliver()).receipted_message_id).toBe(smsc.parts[0]!.messageId);
    await transmitter.close();
  });
});

describe('subscriber messages (MO)', () => {
  it('delivers «СТОП» from a subscriber to the bound ESME in UCS-2', async () => {
    await smsc.subscriberSends('79130000009', 'СТОП');
    const pdu = esme.received[0]!;
    expect(pdu.esm_class).toBe(0);
    expect(pdu.data_coding).toBe(8);
    expect(pdu.source_addr).toBe('79130000009');
    expect(pdu.destination_addr).toBe('7777');
    expect((pdu.short_message as { message: string }).message).toBe('СТОП');
  });

  it('holds a subscriber message until the ESME binds, and survives a drop before the answer', async () => {
    await esme.close();
    const acknowledged = smsc.subscriberSends('79130000009', 'STOP');
    esme = await TestEsme.connect(smsc.url);
    await esme.bind();
    await acknowledged;
    expect((esme.received[0]!.short_message as { message: string }).message).toBe('STOP');
    expect(smsc.deliveries[0]).toMatchObject({ kind: 'mo', acknowledged: true });
    expect(esme.received).toHaveLength(1);
  });
});
