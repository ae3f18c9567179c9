import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FilesystemStorage } from '../../../recordings/storage/filesystem.ts';
import { wavBytes } from '../../../recordings/tests/fixtures.ts';
import { screenshot, signIn } from './browser.ts';
import { LIVE, liveDesktop, textOf } from './live-rig.ts';

const recordingId = `rec_${randomUUID().replaceAll('-', '')}`;
// The folder is the server's configuration (RECORDINGS_DIR): it is made before the rig starts it.
const dir = mkdtempSync(join(tmpdir(), 'hotline-supervision-recordings-'));
// This retailer asks for a reason before anyone listens (R-REC-2 lets it).
const rig = liveDesktop(
  { 'rec-quality': ['quality'], 'rec-operator': ['operator'] },
  { env: { RECORDINGS_DIR: dir, RECORDINGS_REQUIRE_REASON: 'true' } },
);

beforeAll(async () => {
  const operator = rig.userIds['rec-operator'];
  const source = join(dir, 'call.wav');
  await writeFile(source, wavBytes(2_000));
  const stored = await new FilesystemStorage(dir).putFile(`2026/11/24/${recordingId}.wav`, source);
  const client = await rig.server.db.pool.query(
    `insert into clients (type, full_name) values ('individual', 'Клиент Записи') returning id`,
  );
  const account = await rig.server.db.pool.query(
    `insert into accounts (number, client_id, owner_full_name, area, settlement, house, full_address)
     values ('240099887', $1, 'Клиент Записи', 'Емельяновский', 'Сухобузимо', '2', 'Сухобузимо, 2') returning id`,
    [client.rows[0].id],
  );
  await rig.server.db.pool.query(
    `insert into recordings (id, source_name, storage_key, format, size_bytes, sha256, caller_number, account_id,
       agent_ids, started_at, duration_ms, ingested_at)
     values ($1, $2, $3, 'wav', $4, $5, '+79130000002', $6, $7, '2026-11-24T04:00:00Z', 2000, now())`,
    [
      recordingId,
      `src-${recordingId}`,
      stored.key,
      stored.size,
      stored.sha256,
      account.rows[0].id,
      [operator],
    ],
  );
});

describe('recordings in the browser', { timeout: 45_000 }, () => {
  it('finds a call by account number and plays it after the reason is given', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'rec-quality');
    await page.goto(`${rig.server.base}/#/recordings`);
    await page.getByLabel('Лицевой счёт').fill('240099887');
    await page.getByRole('button', { name: 'Найти' }).click();
    const results = page.getByRole('table', { name: 'Записи разговоров' });
    await expect.poll(() => textOf(results), LIVE).toContain('Тестовый rec-operator');
    await page.getByRole('link', { name: 'Прослушать' }).click();
    await expect.poll(() => page.url(), LIVE).toContain(`#/recordings/${recordingId}`);

    // No audio until the reason is given; then the browser loads it from the recordings route.
    expect(await page.locator('audio').count()).toBe(0);
    await page.getByLabel('Причина прослушивания').fill('Жалоба клиента, проверка');
    await page.getByRole('button', { name: 'Слушать' }).click();
    await expect
      .poll(() => page.evaluate(`document.querySelector('audio')?.duration ?? 0`), LIVE)
      .toBeCloseTo(2, 1);
    await screenshot(page, 'supervision-recording-player');
    const { rows } = await rig.server.db.pool.query(
      `select reason from audit_log where action = 'recording.play' and subject_id = $1`,
      [recordingId],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.reason === 'Жалоба клиента, проверка')).toBe(true);
    await page.context().close();
  });
  it('lets an operator open their own call from a link, but not the search', async () => {
    const page = await signIn(rig.browser, rig.server.base, 'rec-operator');
    expect(await textOf(page.locator('.topbar .menu'))).not.toContain('Записи');
    await page.goto(`${rig.server.base}/#/recordings/${recordingId}`);
    await page.getByLabel('Причина прослушивания').waitFor();
    await page.goto(`${rig.server.base}/#/recordings`);
    await expect
      .poll(() => textOf(page.getByRole('alert')), LIVE)
      .toContain('Недостаточно прав для этого раздела');
    await page.context().close();
  });
});
