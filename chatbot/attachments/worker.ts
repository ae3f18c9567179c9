import type { Redis } from 'ioredis';
import type { Pool } from '../../core/db/pool.ts';
import type { Clock } from '../../core/lifecycle/clock.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { RecordingStorage } from '../../recordings/storage/storage.ts';
import type { ChatKeys } from '../dialog/keys.ts';
import type { ChatChannel } from '../dialog/types.ts';
import { type Outbox, outboundMessage } from '../outbound/outbox.ts';
import { type DownloadedFile, downloadToTemp, FileTooLarge } from './download.ts';
import { type AcceptedType, sanitizeFileName, sniffType } from './limits.ts';
import { insertAttachment, linkAttachmentsToAppeal } from './records.ts';
import { attachmentKey } from './storage.ts';
import { attachmentTexts } from './texts.ts';

/** One file to copy into storage, queued by the turn that received it (same MULTI). */
export interface AttachmentJob {
  interactionId: string;
  channel: ChatChannel;
  chatId: string;
  ref: string;
  kind: 'photo' | 'document';
  fileName?: string;
  sizeBytes?: number;
  /** VK: the file's URL from the event. */
  url?: string;
  /** Web chat: the upload endpoint already put the bytes in storage. */
  stored?: { key: string; sha256: string; size: number; mimeType: string };
}

/** Where a channel's file can be downloaded from (Telegram: getFile → file link). */
export type FileLocator = (job: AttachmentJob) => Promise<string>;

/** VK (and any channel whose event carries the address): the URL in the job. */
const urlOfJob: FileLocator = async (job) => {
  if (!job.url || !/^https?:\/\//.test(job.url)) throw new Error('the channel gave no file address');
  return job.url;
};

const GROUP = 'copy';
const MAX_ATTEMPTS = 5;

/**
 * Copies clients' files from the channels into the platform's storage, from a Redis stream with a
 * consumer group (any instance; a dead instance's jobs are claimed again). A job is acknowledged
 * once its row is written; a failing download is tried again with backoff, then recorded as
 * rejected. Over the size limit or not an accepted type: rejected at once and the client told.
 */
export class AttachmentCopier {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly attempts = new Map<string, number>();
  stored = 0;
  rejected = 0;

  constructor(
    private readonly deps: {
      redis: Redis;
      pool: Pool;
      keys: ChatKeys;
      storage: RecordingStorage;
      outbox: Outbox;
      clock: Clock;
      logger: Logger;
      locators: Partial<Record<ChatChannel, FileLocator>>;
      maxBytes: number;
      consumer: string;
      /**
       * Idle time after which an unacknowledged job (failed here, or its instance died) is tried
       * again; long enough for a slow 20 MB download not to be taken over while it runs.
       */
      retryAfterMs?: number;
    },
  ) {}

  async start(): Promise<void> {
    const { redis, keys } = this.deps;
    await redis.xgroup('CREATE', keys.attachments, GROUP, '0', 'MKSTREAM').catch((error: Error) => {
      if (!error.message.includes('BUSYGROUP')) throw error;
    });
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    let lastRetry = 0;
    while (this.running) {
      try {
        const retryAfter = this.deps.retryAfterMs ?? 30_000;
        if (Date.now() - lastRetry >= retryAfter / 2) {
          lastRetry = Date.now();
          await this.retryStale(retryAfter);
        }
        await this.pass();
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'chat attachments: a pass failed, will retry');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Reads new jobs (blocking briefly) and handles each. */
  async pass(): Promise<number> {
    const { redis, keys, consumer } = this.deps;
    const reply = (await redis.xreadgroup(
      'GROUP',
      GROUP,
      consumer,
      'COUNT',
      10,
      'BLOCK',
      200,
      'STREAMS',
      keys.attachments,
      '>',
    )) as [string, [string, string[]][]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    for (const [id, fields] of entries) await this.handle(id, fields);
    return entries.length;
  }

  /** Jobs that failed here or were left by a dead instance, idle for `idleMs`. */
  private async retryStale(idleMs: number): Promise<void> {
    const { redis, keys, consumer } = this.deps;
    const [, entries] = (await redis.xautoclaim(
      keys.attachments,
      GROUP,
      consumer,
      idleMs,
      '0',
      'COUNT',
      10,
    )) as [string, [string, string[]][]];
    for (const [id, fields] of entries) await this.handle(id, fields);
  }

  private async handle(entryId: string, fields: string[]): Promise<void> {
    const job = JSON.parse(fields[1]!) as AttachmentJob;
    try {
      await this.copy(job);
      await this.done(entryId);
    } catch (error) {
      const attempt = (this.attempts.get(entryId) ?? 0) + 1;
      this.attempts.set(entryId, attempt);
      this.deps.logger.warn(
        { err: error, channel: job.channel, interactionId: job.interactionId, attempt },
        'chat attachment could not be copied',
      );
      if (attempt >= MAX_ATTEMPTS) {
        await this.reject(job, 'copy_failed', attachmentTexts.copyFailed);
        await this.done(entryId);
      }
    }
  }

  private async done(entryId: string): Promise<void> {
    this.attempts.delete(entryId);
    const { redis, keys } = this.deps;
    await redis.multi().xack(keys.attachments, GROUP, entryId).xdel(keys.attachments, entryId).exec();
  }

  private async copy(job: AttachmentJob): Promise<void> {
    const { pool, storage, maxBytes, locators, clock } = this.deps;
    if (job.stored) {
      await insertAttachment(pool, job, {
        status: 'stored',
        fileName: job.fileName ?? '',
        ...job.stored,
      });
      this.stored++;
      return linkAttachmentsToAppeal(pool, job.interactionId);
    }
    if (job.sizeBytes !== undefined && job.sizeBytes > maxBytes) {
      return this.reject(job, 'too_large', attachmentTexts.tooLarge(maxBytes));
    }
    const locate = locators[job.channel] ?? urlOfJob;
    let file: DownloadedFile;
    try {
      file = await downloadToTemp(await locate(job), maxBytes);
    } catch (error) {
      if (error instanceof FileTooLarge)
        return this.reject(job, 'too_large', attachmentTexts.tooLarge(maxBytes));
      throw error;
    }
    try {
      const type: AcceptedType | undefined = sniffType(file.head, job.fileName);
      if (!type) return await this.reject(job, 'type_not_accepted', attachmentTexts.typeNotAccepted);
      const key = attachmentKey(
        new Date(clock.nowMs()),
        `${job.interactionId}:${job.channel}:${job.ref}`,
        type.extension,
      );
      const object = await storage.putFile(key, file.path);
      await insertAttachment(pool, job, {
        status: 'stored',
        fileName: sanitizeFileName(job.fileName, type),
        key: object.key,
        size: object.size,
        sha256: object.sha256,
        mimeType: type.mimeType,
      });
      this.stored++;
      await linkAttachmentsToAppeal(pool, job.interactionId);
    } finally {
      await file.remove();
    }
  }

  /** Records the refusal (an operator sees what was sent and why it is missing) and tells the client. */
  private async reject(job: AttachmentJob, reason: string, text: string): Promise<void> {
    const { pool, outbox, clock } = this.deps;
    const inserted = await insertAttachment(pool, job, {
      status: 'rejected',
      reason,
      fileName: sanitizeFileName(job.fileName),
    });
    this.rejected++;
    // Told once: a job handled again after a crash finds its row and stays quiet.
    if (inserted) await outbox.enqueue(outboundMessage(job.channel, job.chatId, { text }, clock.nowMs()));
  }
}
