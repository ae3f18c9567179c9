import type { LocalDate } from './time.ts';

/**
 * Rows in PostgreSQL's binary COPY format, for the three big tables. Sending numbers, instants
 * and dates as binary spares the server parsing millions of text timestamps and numerics — the
 * largest cost of loading them. Layout: a header, then per row a 16-bit field count and each
 * field as a 32-bit length (-1 = null) plus its bytes; a 16-bit -1 ends the data.
 *
 * Field writers must match the column types exactly (bigint → int8, integer → int4, numeric →
 * numeric, timestamptz → timestamptz, date → date, text → text); a mismatch fails loudly.
 */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const PG_EPOCH_DAYS = PG_EPOCH_MS / 86_400_000;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const FLUSH_BYTES = 256 * 1024;

export class BinaryCopyWriter {
  private buffer = Buffer.allocUnsafe(FLUSH_BYTES * 2);
  private position = 0;
  private readonly textCache = new Map<string, Buffer>();

  constructor() {
    this.ensure(SIGNATURE.length + 8);
    SIGNATURE.copy(this.buffer, 0);
    this.position = SIGNATURE.length;
    this.buffer.writeInt32BE(0, this.position); // flags
    this.buffer.writeInt32BE(0, this.position + 4); // header extension length
    this.position += 8;
  }

  /** True when enough bytes are buffered to be worth sending. */
  get full(): boolean {
    return this.position >= FLUSH_BYTES;
  }

  /** The bytes written so far; the writer starts empty again. */
  take(): Buffer {
    const chunk = Buffer.from(this.buffer.subarray(0, this.position));
    this.position = 0;
    return chunk;
  }

  /** The end-of-data marker; call once after the last row, then take(). */
  finish(): void {
    this.ensure(2);
    this.buffer.writeInt16BE(-1, this.position);
    this.position += 2;
  }

  row(fields: number): this {
    this.ensure(2);
    this.buffer.writeInt16BE(fields, this.position);
    this.position += 2;
    return this;
  }

  null(): this {
    this.ensure(4);
    this.buffer.writeInt32BE(-1, this.position);
    this.position += 4;
    return this;
  }

  int4(value: number): this {
    this.ensure(8);
    this.buffer.writeInt32BE(4, this.position);
    this.buffer.writeInt32BE(value, this.position + 4);
    this.position += 8;
    return this;
  }

  int8(value: number): this {
    this.ensure(12);
    this.buffer.writeInt32BE(8, this.position);
    this.writeInt64(value);
    return this;
  }

  /** An instant given as epoch milliseconds (microseconds since 2000-01-01 on the wire). */
  timestamptz(ms: number): this {
    this.ensure(12);
    this.buffer.writeInt32BE(8, this.position);
    this.writeInt64((ms - PG_EPOCH_MS) * 1000);
    return this;
  }

  date(date: LocalDate): this {
    return this.int4(Date.UTC(date.year, date.month, date.day) / 86_400_000 - PG_EPOCH_DAYS);
  }

  /** A non-negative whole number as numeric: base-10000 digits, most significant first. */
  numericWhole(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a whole number ≥ 0: ${value}`);
    const groups: number[] = [];
    for (let rest = value; rest > 0; rest = Math.floor(rest / 10_000)) groups.unshift(rest % 10_000);
    const weight = groups.length - 1;
    while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop(); // trailing zero groups are implied
    this.ensure(12 + groups.length * 2);
    this.buffer.writeInt32BE(8 + groups.length * 2, this.position);
    this.buffer.writeInt16BE(groups.length, this.position + 4);
    this.buffer.writeInt16BE(groups.length === 0 ? 0 : weight, this.position + 6);
    this.buffer.writeInt16BE(0, this.position + 8); // sign: positive
    this.buffer.writeInt16BE(0, this.position + 10); // display scale (the column's typmod applies)
    this.position += 12;
    for (const group of groups) {
      this.buffer.writeInt16BE(group, this.position);
      this.position += 2;
    }
    return this;
  }

  /** Text; values that repeat (zones, channels, states) are encoded once and reused. */
  text(value: string, repeats = false): this {
    let bytes = repeats ? this.textCache.get(value) : undefined;
    if (!bytes) {
      bytes = Buffer.from(value, 'utf8');
      if (repeats) this.textCache.set(value, bytes);
    }
    this.ensure(4 + bytes.length);
    this.buffer.writeInt32BE(bytes.length, this.position);
    bytes.copy(this.buffer, this.position + 4);
    this.position += 4 + bytes.length;
    return this;
  }

  private writeInt64(value: number): void {
    const high = Math.floor(value / 4_294_967_296);
    this.buffer.writeInt32BE(high, this.position + 4);
    this.buffer.writeUInt32BE(value - high * 4_294_967_296, this.position + 8);
    this.position += 12;
  }

  private ensure(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + bytes));
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }
}
