import type { Readable } from 'node:stream';

/** A byte range, both ends inclusive, as HTTP Range uses them. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
}

/**
 * Where recording audio lives. Keys are made by the platform (never from a request), e.g.
 * `2026/11/27/rec_<hex>.wav`. Every `put` is atomic: readers see the whole file or nothing, and
 * a crash mid-write leaves no partial object under the key.
 */
export interface RecordingStorage {
  readonly kind: 'filesystem' | 's3';
  /** Copies a local file in, hashing it on the way; overwrites an object with the same key. */
  putFile(key: string, sourcePath: string): Promise<StoredObject>;
  /** Size of the object, or undefined when it does not exist. */
  size(key: string): Promise<number | undefined>;
  read(key: string, range?: ByteRange): Promise<Readable>;
  delete(key: string): Promise<void>;
}

export class ObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`stored recording object is missing: ${key}`);
    this.name = 'ObjectMissingError';
  }
}
