import type { Pool } from '../../core/db/pool.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import { hashStream } from '../storage/hashing.ts';
import { ObjectMissingError, type RecordingStorage } from '../storage/storage.ts';

export interface VerifyReport {
  checked: number;
  ok: number;
  mismatches: string[];
  missing: string[];
}

/**
 * Re-hashes a sample of stored recordings — the least recently verified first, so repeated runs
 * cover the whole archive — and records the outcome on each row.
 */
export class RecordingVerifier {
  constructor(
    private readonly pool: Pool,
    private readonly storage: RecordingStorage,
    private readonly clock: Clock,
  ) {}

  async run(sampleSize = 100): Promise<VerifyReport> {
    const { rows } = await this.pool.query<{ id: string; storage_key: string; sha256: string }>(
      `select id, storage_key, sha256 from recordings where purged_at is null
       order by last_verified_at nulls first, started_at limit $1`,
      [sampleSize],
    );
    const report: VerifyReport = { checked: 0, ok: 0, mismatches: [], missing: [] };
    for (const row of rows) {
      let integrity: 'ok' | 'mismatch' | 'missing';
      try {
        const { sha256 } = await hashStream(await this.storage.read(row.storage_key));
        integrity = sha256 === row.sha256 ? 'ok' : 'mismatch';
      } catch (error) {
        if (!(error instanceof ObjectMissingError)) throw error;
        integrity = 'missing';
      }
      report.checked++;
      if (integrity === 'ok') report.ok++;
      else if (integrity === 'mismatch') report.mismatches.push(row.id);
      else report.missing.push(row.id);
      await this.pool.query('update recordings set integrity = $2, last_verified_at = $3 where id = $1', [
        row.id,
        integrity,
        this.clock.now(),
      ]);
    }
    return report;
  }
}
