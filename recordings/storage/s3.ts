import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { hashStream } from './hashing.ts';
import { type ByteRange, ObjectMissingError, type RecordingStorage, type StoredObject } from './storage.ts';

export interface S3StorageOptions {
  bucket: string;
  endpoint?: string;
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most self-hosted S3-compatible stores need. */
  forcePathStyle?: boolean;
  /** Files above this go up as a multipart upload (S3's minimum part is 5 MiB). */
  multipartThresholdBytes?: number;
  partSizeBytes?: number;
}

/**
 * S3-compatible object storage. A single PUT is atomic in S3; large files use a multipart upload,
 * which makes the object visible only at CompleteMultipartUpload and is aborted on any error, so a
 * crash never leaves a partial object under the key.
 */
export class S3Storage implements RecordingStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly multipartThreshold: number;
  private readonly partSize: number;

  constructor(options: S3StorageOptions, clientOverrides: Partial<S3ClientConfig> = {}) {
    this.bucket = options.bucket;
    this.multipartThreshold = options.multipartThresholdBytes ?? 64 * 1024 * 1024;
    this.partSize = Math.max(options.partSizeBytes ?? 16 * 1024 * 1024, 5 * 1024 * 1024);
    this.client = new S3Client({
      region: options.region ?? 'ru-central1',
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? true,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Many S3-compatible stores do not understand the SDK's default aws-chunked CRC trailers and
      // would store the framing as data; we keep our own SHA-256 in object metadata instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...clientOverrides,
    });
  }

  async putFile(key: string, sourcePath: string): Promise<StoredObject> {
    const { size } = await stat(sourcePath);
    const { sha256 } = await hashStream(createReadStream(sourcePath));
    const metadata = { sha256 };
    if (size <= this.multipartThreshold) {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: createReadStream(sourcePath),
          ContentLength: size,
          ContentType: 'application/octet-stream',
          Metadata: metadata,
        }),
      );
      return { key, size, sha256 };
    }
    const upload = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, Metadata: metadata }),
    );
    const uploadId = upload.UploadId!;
    try {
      const parts: Array<{ ETag: string; PartNumber: number }> = [];
      for (let start = 0, partNumber = 1; start < size; start += this.partSize, partNumber++) {
        const end = Math.min(start + this.partSize, size) - 1;
        const result = await this.client.send(
          new UploadPartCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: createReadStream(sourcePath, { start, end }),
            ContentLength: end - start + 1,
          }),
        );
        parts.push({ ETag: result.ETag!, PartNumber: partNumber });
      }
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (error) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
        .catch(() => {});
      throw error;
    }
    return { key, size, sha256 };
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new ObjectMissingError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
