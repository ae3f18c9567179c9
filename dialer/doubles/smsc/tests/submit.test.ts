import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmscDouble } from '../smsc.ts';
import { TestEsme, ucs2, udh8 } from './esme.ts';

let smsc: SmscDouble;
let esme: TestEsme;
let nextNumber = 79130000000;
/** Each test texts its own subscriber so the records never mix. */
const subscriber = () => String(++nextNumber);

beforeAll(async () => {
  smsc = await SmscDouble.start();
  esme = await TestEsme.connect(smsc.url);
  await esme.bind();
});
afterAll(async () => {
  await esme.close();
  await smsc.stop();
});

describe('submit_sm decoding', () => {
  it('data_coding 0: GSM 03.38 bytes, extension table via escape 0x1B', async () => {
    const to = subscriber();
    // "Hi @ € £ [1] ä" written byte by byte from the GSM 03.38 tables.
    const bytes = Buffer.from([
      0x48, 0x69, 0x20, 0x00, 0x20, 0x1b, 0x65, 0x20, 0x01, 0x20, 0x1b, 0x3c, 0x31, 0x1b, 0x3e, 0x20, 0x7b,
    ]);
    const response = await esme.submit({ destination_addr: to, data_coding: 0, short_message: bytes });
    expect(response.command_status).toBe(smpp.ESME_ROK);
    expect(response.message_id).toMatch(/^\d{10}$/);
    expect(smsc.messagesTo(to)).toEqual([
      expect.objectContaining({
        text: 'Hi @ € £ [1] ä',
        dataCoding: 0,
        via: 'single',
        messageIds: [response.message_id],
      }),
    ]);
  });

  it('data_coding 8: UCS-2 big-endian Cyrillic', async () => {
    const to = subscriber();
    await esme.submit({
      destination_addr: to,
      data_coding: 8,
      short_message: ucs2('Оплатите долг 1 234,56 ₽'),
    });
    expect(smsc.messagesTo(to)[0]).toMatchObject({ text: 'Оплатите долг 1 234,56 ₽', dataCoding: 8 });
  });

  it('reads text from a client that lets the smpp package pick the coding (IA5 flag, GSM bytes)', async () => {
    const to = subscriber();
    const response = await esme.submit({ destination_addr: to, short_message: 'Pay 100 EUR {now} €' });
    expect(response.command_status).toBe(smpp.ESME_ROK);
    expect(smsc.messagesTo(to)[0]).toMatchObject({ text: 'Pay 100 EUR {now} €', dataCoding: 1 });
  });

  it('a 160-septet GSM message fits, 161 septets is ESME_RINVMSGLEN', async () => {
    const to = subscriber();
    const ok = await esme.submit({
      destination_addr: to,
      data_coding: 0,
      short_message: Buffer.alloc(160, 0x61),
    });
    const long = await esme.submit({
      destination_addr: to,
      data_coding: 0,
      short_message: Buffer.alloc(161, 0x61),
    });
    expect([ok.command_status, long.command_status]).toEqual([smpp.ESME_ROK, smpp.ESME_RINVMSGLEN]);
    const cyrillic71 = await esme.submit({
      destination_addr: to,
      data_coding: 8,
      short_message: ucs2('ж'.repeat(71)),
    });
    expect(cyrillic71.command_status).toBe(smpp.ESME_RINVMSGLEN);
    expect(smsc.messagesTo(to)).toHaveLength(1);
  });

  it('refuses an unsupported data_coding and a bad destination', async () => {
    const binary = await esme.submit({
      destination_addr: subscriber(),
      data_coding: 4,
      short_message: Buffer.from([1]),
    });
    expect(binary.command_status).toBe(smpp.ESME_RINVDCS);
    const noNumber = await esme.submit({ destination_addr: 'nobody', short_message: 'x' });
    expect(noNumber.command_status).toBe(smpp.ESME_RINVDSTADR);
  });
});

describe('long messages', () => {
  const text = 'Уважаемый клиент! '.repeat(9).trim(); // 170 characters: three UCS-2 parts of ≤ 67

  it('joins UDH-concatenated parts, whatever order they arrive in', async () => {
    const to = subscriber();
    const parts = [text.slice(0, 67), text.slice(67, 134), text.slice(134)];
    const ids: Record<number, string> = {};
    for (const sequence of [2, 1, 3]) {
      const response = await esme.submit({
        destination_addr: to,
        esm_class: 0x40,
        data_coding: 8,
        short_message: Buffer.concat([udh8(42, 3, sequence), ucs2(parts[sequence - 1]!)]),
      });
      expect(response.command_status).toBe(smpp.ESME_ROK);
      ids[sequence] = String(response.message_id);
      if (sequence !== 3) expect(smsc.messagesTo(to)).toHaveLength(0);
    }
    expect(smsc.messagesTo(to)).toEqual([
      expect.objectContaining({ text, via: 'udh', messageIds: [ids[1], ids[2], ids[3]] }),
    ]);
  });

  it('joins GSM-7 parts with a 16-bit reference (IEI 0x08)', async () => {
    const to = subscriber();
    const gsm = 'a'.repeat(152) + 'b'.repeat(20);
    const header = (sequence: number) => Buffer.from([0x06, 0x08, 0x04, 0x12, 0x34, 2, sequence]);
    await esme.submit({
      destination_addr: to,
      esm_class: 0x40,
      data_coding: 0,
      short_message: Buffer.concat([header(1), Buffer.from(gsm.slice(0, 152))]),
    });
    await esme.submit({
      destination_addr: to,
      esm_class: 0x40,
      data_coding: 0,
      short_message: Buffer.concat([header(2), Buffer.from(gsm.slice(152))]),
    });
    expect(smsc.messagesTo(to)[0]).toMatchObject({ text: gsm, via: 'udh' });
  });

  it('refuses a UDH part that overflows one SMS (68 UCS-2 characters + header)', async () => {
    const response = await esme.submit({
      destination_addr: subscriber(),
      esm_class: 0x40,
      data_coding: 8,
      short_message: Buffer.concat([udh8(7, 2, 1), ucs2('ж'.repeat(68))]),
    });
    expect(response.command_status).toBe(smpp.ESME_RINVMSGLEN);
  });

  it('joins parts sent with sar_* TLVs', async () => {
    const to = subscriber();
    for (const [sequence, piece] of [
      [1, text.slice(0, 70)],
      [2, text.slice(70, 140)],
      [3, text.slice(140)],
    ] as const) {
      await esme.submit({
        destination_addr: to,
        data_coding: 8,
        short_message: ucs2(piece),
        sar_msg_ref_num: 513,
        sar_total_segments: 3,
        sar_segment_seqnum: sequence,
      });
    }
    expect(smsc.messagesTo(to)[0]).toMatchObject({ text, via: 'sar' });
    expect(smsc.messagesTo(to)[0]!.messageIds).toHaveLength(3);
  });

  it('takes a whole long text in message_payload', async () => {
    const to = subscriber();
    const response = await esme.submit({ destination_addr: to, data_coding: 8, message_payload: ucs2(text) });
    expect(response.command_status).toBe(smpp.ESME_ROK);
    expect(smsc.messagesTo(to)).toEqual([expect.objectContaining({ text, via: 'payload' })]);
  });
});
