import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from '../../core/db/pool.ts';
import { pcmToWav, SAMPLE_RATE } from '../../ivr/speech/wav.ts';

/** A real 8 kHz 16-bit mono PCM WAV of `ms` milliseconds; `seed` varies the samples. */
export function wavBytes(ms: number, seed = 1): Buffer {
  const samples = Math.round((SAMPLE_RATE * ms) / 1000);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(Math.sin((i * seed) / 7) * 8000), i * 2);
  return pcmToWav(pcm);
}

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `hotline-${label}-`));
}

export async function writeSpoolFile(dir: string, name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

export async function insertUser(pool: Pool, login: string, roles: string[]): Promise<number> {
  const { rows } = await pool.query(
    `insert into users (login, full_name, password_hash, roles) values ($1, 'Тест Оператор', 'x', $2) returning id`,
    [login, roles],
  );
  return rows[0].id;
}

/** A finished call: caller number, agent, queue, optional appeal. */
export async function insertCall(
  pool: Pool,
  options: { agentId?: number; startedAt?: Date; channelId?: string; appealId?: number } = {},
): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `insert into interactions (id, channel, external_id, contact, state, queue, agent_id, started_at, appeal_id)
     values ($1, 'phone', $2, '+79131234567', 'closed', 'households', $3, $4, $5)`,
    [
      id,
      options.channelId ?? null,
      options.agentId ?? null,
      options.startedAt ?? new Date(),
      options.appealId ?? null,
    ],
  );
  return id;
}
