import type { Pool } from '../../core/db/pool.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { RecordingStorage } from '../storage/storage.ts';
import type { RecordingAudit } from './audit-port.ts';
import type { RetentionPolicy } from './retention.ts';

export interface PurgeReport {
  purged: number;
  held: number;
  batches: number;
}

/**
 * Deletes the audio of expired recordings in batches. The metadata row stays (with `purged_at`)
 * so reports and the audit trail keep their references. Held recordings — per recording or
 * through a held appeal — are skipped and counted.
 */
export class RecordingPurge {
  constructor(
    private readonly pool: Pool,
    private readonly storage: RecordingStorage,
    private readonly policy: RetentionPolicy,
    private readonly clock: Clock,
    private readonly audit: RecordingAudit,
  ) {}

  async run(batchSize = 500, maxBatches = 1_000): Promise<PurgeReport> {
    const now = this.clock.now();
    const report: PurgeReport = { purged: 0, held: 0, batches: 0 };
    for (; report.batches < maxBatches; report.batches++) {
      const { rows } = await this.pool.query<{ id: string; storage_key: string }>(
        `select id, storage_key from recordings r
         where purged_at is null and not legal_hold and started_at < $1
           and ((started_at at time zone $2) + make_interval(months => $3)) at time zone $2 <= $1
           and not exists (select 1 from appeal_legal_holds h where h.appeal_id = r.appeal_id)
         order by started_at limit $4`,
        [now, this.policy.timeZone, this.policy.months, batchSize],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        await this.storage.delete(row.storage_key);
        await this.pool.query('update recordings set purged_at = $2 where id = $1', [row.id, now]);
        await this.audit({
          actor: 'retention',
          action: 'recording.purge',
          recordingId: row.id,
          details: { retentionMonths: this.policy.months },
        });
        report.purged++;
      }
    }
    const held = await this.pool.query<{ count: number }>(
      `select count(*)::int as count from recordings r
       where purged_at is null
         and ((started_at at time zone $2) + make_interval(months => $3)) at time zone $2 <= $1
         and (legal_hold or exists (select 1 from appeal_legal_holds h where h.appeal_id = r.appeal_id))`,
      [now, this.policy.timeZone, this.policy.months],
    );
    report.held = held.rows[0]?.count ?? 0;
    return report;
  }
}
