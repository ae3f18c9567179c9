import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { FilesystemStorage } from '../../recordings/storage/filesystem.ts';
import { S3Storage } from '../../recordings/storage/s3.ts';
import type { RecordingStorage } from '../../recordings/storage/storage.ts';
import type { ChatbotConfig } from '../config.ts';

/**
 * The chatbot keeps clients' files in the platform's object storage: the same adapters as call
 * recordings (atomic puts, SHA-256, filesystem or S3), its own folder or the shared bucket.
 */
export function createAttachmentStorage(config: ChatbotConfig): RecordingStorage {
  if (config.CHATBOT_ATTACHMENTS_STORAGE === 's3') {
    return new S3Storage({
      bucket: config.S3_BUCKET!,
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID!,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    });
  }
  return new FilesystemStorage(resolve(config.CHATBOT_ATTACHMENTS_DIR));
}

/**
 * The object key of an attachment: date-sharded, in the one key form the storage adapters accept
 * (`YYYY/MM/DD/rec_<32 hex>.<ext>`), derived from what identifies the file so that a retried copy
 * overwrites its own object instead of leaving a second one.
 */
export function attachmentKey(at: Date, identity: string, extension: string): string {
  const day = at.toISOString().slice(0, 10).replaceAll('-', '/');
  const hex = createHash('sha256').update(identity).digest('hex').slice(0, 32);
  return `${day}/rec_${hex}.${extension}`;
}
