import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import { copyInto } from '../copy.ts';
import { BinaryCopyWriter } from '../copy-binary.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe('binary COPY rows', () => {
  it('arrive in PostgreSQL exactly as written, including edge values', async () => {
    const client = await db.pool.connect();
    try {
      await client.query(`create temp table sample (
        id bigint, amount integer, value numeric(12, 2), at timestamptz, day date, label text, note text)`);
      const values = [0, 1, 9999, 10_000, 10_001, 100_000_000, 9_999_999_999]; // numeric(12, 2) holds < 10^10
      const instants = ['1999-12-31T23:59:59.999Z', '2000-01-01T00:00:00Z', '2026-11-27T03:00:00.123Z'];
      const out = new BinaryCopyWriter();
      values.forEach((value, i) => {
        const instant = Date.parse(instants[i % instants.length]!);
        out
          .row(7)
          .int8(2 ** 40 + i)
          .int4(-i)
          .numericWhole(value)
          .timestamptz(instant);
        out.date({ year: 1999 + i, month: 1, day: 28 }).text(i % 2 ? 'Абакан' : 'zone', true);
        if (i === 3) out.null();
        else out.text(`пом. ${i}`);
      });
      out.finish();
      const loaded = await copyInto(
        client,
        'sample',
        ['id', 'amount', 'value', 'at', 'day', 'label', 'note'],
        [out.take()],
        'binary',
      );
      expect(loaded).toBe(values.length);
      const { rows } = await client.query(
        `select id::text, amount, value::text, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as at,
                day::text, label, note from sample order by id`,
      );
      expect(rows.map((row) => row.value)).toEqual(values.map((value) => `${value}.00`));
      expect(rows[0]).toEqual({
        id: String(2 ** 40),
        amount: 0,
        value: '0.00',
        at: '1999-12-31T23:59:59.999',
        day: '1999-02-28',
        label: 'zone',
        note: 'пом. 0',
      });
      expect(rows[2]).toMatchObject({ amount: -2, at: '2026-11-27T03:00:00.123', day: '2001-02-28' });
      expect(rows[3]!.note).toBeNull();
      expect(rows[1]!.label).toBe('Абакан');
    } finally {
      client.release();
    }
  });

  it('refuse what numeric cannot hold as a whole number', () => {
    const out = new BinaryCopyWriter();
    expect(() => out.numericWhole(-1)).toThrow(RangeError);
    expect(() => out.numericWhole(1.5)).toThrow(RangeError);
  });
});
