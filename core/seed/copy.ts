import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from '../db/pool.ts';

/**
 * Bulk loading with COPY … FROM STDIN: rows are generated lazily and sent in ~256 KB chunks, so
 * 100,000 accounts' history never sits in memory and PostgreSQL parses while the generator works
 * on the next chunk. Small tables go as text rows (`textChunks`), the big ones as binary
 * (see copy-binary.ts).
 */
export type CopyValue = string | number | boolean | null;

const CHUNK_CHARS = 256 * 1024;

/** Streams the chunks into `table`; returns the number of rows the server loaded. */
export async function copyInto(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string> | Iterable<Buffer>,
  format: 'text' | 'binary' = 'text',
): Promise<number> {
  const sql = `copy ${table} (${columns.join(', ')}) from stdin${format === 'binary' ? ' with (format binary)' : ''}`;
  const target = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunks, { objectMode: false }), target);
  return target.rowCount;
}

/** Text-format COPY data from rows of values, escaped, in chunks. */
export function* textChunks(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += encodeRow(row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export function encodeRow(row: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    line += encodeField(row[i]!);
  }
  return `${line}\n`;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function encodeField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(
    /[\\\t\n\r]/g,
    (char) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[char]!,
  );
}

/** A PostgreSQL array literal of text values: {"a","b"} (then escaped for COPY like any field). */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`).join(',')}}`;
}
