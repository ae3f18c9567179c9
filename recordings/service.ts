import { join, resolve } from 'node:path';
import { loadConfig } from '../core/config/load.ts';
import type { PlatformService, RunningService, ServiceContext } from '../core/platform/service.ts';
import { DEFAULT_SCHEDULE, startMaintenance } from './bullmq/maintenance.ts';
import { type RecordingsConfig, recordingsConfigSchema } from './config.ts';
import { auditLogWriter } from './db/audit.ts';
import { RecordingIngest } from './services/ingest.ts';
import { RecordingPurge } from './services/purge.ts';
import { RetentionPolicy } from './services/retention.ts';
import { SpoolScanner } from './services/spool.ts';
import { RecordingVerifier } from './services/verify.ts';
import { FilesystemStorage } from './storage/filesystem.ts';
import { S3Storage } from './storage/s3.ts';
import type { RecordingStorage } from './storage/storage.ts';

export function createStorage(config: RecordingsConfig): RecordingStorage {
  if (config.RECORDINGS_STORAGE === 's3') {
    return new S3Storage({
      bucket: config.S3_BUCKET!,
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID!,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    });
  }
  return new FilesystemStorage(resolve(config.RECORDINGS_DIR));
}

/** Everything recordings need, built once from the context (also used by the CLI). */
export function buildRecordings(context: ServiceContext) {
  const config = loadConfig(recordingsConfigSchema, context.env);
  const storage = createStorage(config);
  const pool = context.pool();
  const policy = new RetentionPolicy(config.RECORDING_RETENTION_MONTHS, context.config.HOTLINE_TZ);
  const ingest = new RecordingIngest(pool, storage, context.clock, context.logger);
  const audit = auditLogWriter(pool);
  return {
    config,
    storage,
    policy,
    ingest,
    audit,
    purge: new RecordingPurge(pool, storage, policy, context.clock, audit),
    verifier: new RecordingVerifier(pool, storage, context.clock),
    // MixMonitor writes to <spool>/monitor, ARI recordings go to <spool>/recording.
    scanners: ['monitor', 'recording'].map(
      (folder) =>
        new SpoolScanner(join(config.ASTERISK_SPOOL_DIR, folder), ingest, context.clock, context.logger),
    ),
  };
}

export const recordingsService: PlatformService = {
  name: 'recordings',
  description: 'ingest call recordings from Asterisk, retention purge, integrity checks',
  async start(context: ServiceContext): Promise<RunningService> {
    const recordings = buildRecordings(context);
    const maintenance = await startMaintenance({
      connection: context.redis(),
      prefix: context.config.REDIS_PREFIX,
      schedule: { ...DEFAULT_SCHEDULE, timeZone: context.config.HOTLINE_TZ },
      purge: recordings.purge,
      verifier: recordings.verifier,
      logger: context.logger,
    });
    let lastScan = { ingested: 0, failed: 0, at: '' };
    let scanning: Promise<void> | undefined;
    const scanAll = async () => {
      for (const scanner of recordings.scanners) {
        const report = await scanner.scan();
        lastScan = {
          ingested: lastScan.ingested + report.ingested,
          failed: report.failed,
          at: context.clock.now().toISOString(),
        };
      }
    };
    const timer = setInterval(() => {
      scanning ??= scanAll()
        .catch((error) => context.logger.error({ err: error }, 'spool scan failed'))
        .finally(() => {
          scanning = undefined;
        });
    }, recordings.config.RECORDINGS_SCAN_INTERVAL_MS);
    return {
      endpoints: { storage: recordings.storage.kind, spool: recordings.config.ASTERISK_SPOOL_DIR },
      async health() {
        return {
          status: lastScan.failed > 0 ? 'degraded' : 'ok',
          details: {
            storage: recordings.storage.kind,
            retentionMonths: recordings.policy.months,
            ingested: lastScan.ingested,
          },
        };
      },
      async close() {
        clearInterval(timer);
        await scanning;
        await maintenance.close();
        if (recordings.storage instanceof S3Storage) recordings.storage.destroy();
      },
    };
  },
};
