import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentsOf } from '../attachments/records.ts';
import { type ChatbotHarness, startHarness, waitFor } from './harness.ts';
import { WebChatClient } from './web-client.ts';

let h: ChatbotHarness;
beforeAll(async () => {
  h = await startHarness({ env: { CHATBOT_ATTACHMENT_MAX_MB: '1' } });
});
afterAll(async () => {
  await h?.close();
});

function upload(session: string, id: string, body: Buffer, fileName: string) {
  return fetch(`${h.bot.url}/chat/upload?session=${session}&id=${id}`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'X-File-Name': encodeURIComponent(fileName), 'Content-Type': 'application/octet-stream' },
  });
}

describe('web chat: files uploaded into platform storage', () => {
  it('stores an upload under a sanitized name, answers in the chat, ignores a resent upload; refuses big and foreign files', async () => {
    const chat = await WebChatClient.connect(h.bot.url);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]);
    const id = randomUUID();
    const hostile = '../../../etc/счёт\u202Efdp.exe';
    const first = await upload(chat.session, id, pdf, hostile);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, duplicate: false, fileName: 'счёт_fdp.exe.pdf' });
    const reply = await chat.next();
    expect(reply.text).toContain('Здравствуйте');
    expect(reply.text).toContain('файл получен');
    // The widget resends after a lost answer: the same upload id is one file, one reply.
    expect(await (await upload(chat.session, id, pdf, hostile)).json()).toMatchObject({ duplicate: true });

    const { rows } = await h.db.pool.query('select id from interactions where external_id = $1', [
      chat.session,
    ]);
    const [stored] = await waitFor(async () => {
      const list = await attachmentsOf(h.db.pool, rows[0].id);
      return list.length ? list : undefined;
    }, 'the upload recorded');
    expect(stored).toMatchObject({
      channel: 'web_chat',
      kind: 'document',
      status: 'stored',
      fileName: 'счёт_fdp.exe.pdf',
      mimeType: 'application/pdf',
      sizeBytes: pdf.length,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of await h.bot.attachmentStorage.read(stored!.storageKey!))
      chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(pdf)).toBe(true);

    const exe = await upload(chat.session, randomUUID(), Buffer.from('MZ\x90\0program'), 'счёт.pdf');
    expect(exe.status).toBe(415);
    expect(((await exe.json()) as { error: string }).error).toContain('файл не принят: принимаются фото');
    const big = await upload(chat.session, randomUUID(), Buffer.alloc(1024 * 1024 + 1, 0x25), 'скан.pdf');
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toContain('размер больше 1 МБ');
    const noSession = await upload('bad', randomUUID(), pdf, 'a.pdf');
    expect(noSession.status).toBe(400);
    expect(await chat.silentFor(200)).toBe(true);
    expect(await attachmentsOf(h.db.pool, rows[0].id)).toHaveLength(1);
    chat.close();
  });
});
