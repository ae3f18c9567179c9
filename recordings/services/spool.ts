import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/logger.ts';
import { RECORDING_FORMATS } from '../schemas/recording.ts';
import type { RecordingIngest } from './ingest.ts';

export interface SpoolScanReport {
  ingested: number;
  skippedBusy: number;
  failed: number;
}

/**
 * Picks up finished files from Asterisk's spool folder (MixMonitor writes there; ARI recordings
 * land in `<spool>/recording`). A file is taken only when it has not changed for `settleMs`, so
 * one still being written is left for the next scan. Failures keep the file where it is.
 */
export class SpoolScanner {
  constructor(
    private readonly folder: string,
    private readonly ingest: RecordingIngest,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settleMs = 5_000,
  ) {}

  async scan(): Promise<SpoolScanReport> {
    const report: SpoolScanReport = { ingested: 0, skippedBusy: 0, failed: 0 };
    let entries: string[];
    try {
      entries = await readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return report;
      throw error;
    }
    for (const entry of entries.sort()) {
      const match = /^(.+)\.([a-z0-9]+)$/.exec(entry);
      if (!match || !(RECORDING_FORMATS as readonly string[]).includes(match[2]!)) continue;
      const path = join(this.folder, entry);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      if (this.clock.nowMs() - info.mtimeMs < this.settleMs) {
        report.skippedBusy++;
        continue;
      }
      try {
        await this.ingest.ingest({ sourcePath: path, sourceName: match[1]!, format: match[2]! });
        report.ingested++;
      } catch (error) {
        report.failed++;
        this.logger.error(
          { err: error, file: entry.length > 200 ? 'overlong' : 'kept' },
          'spool file not ingested',
        );
      }
    }
    return report;
  }
}
