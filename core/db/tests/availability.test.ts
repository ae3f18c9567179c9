import { describe, expect, it } from 'vitest';
import {
  DatabaseUnavailableError,
  isDatabaseUnavailable,
  probeDatabase,
  retryWhileUnavailable,
} from '../availability.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('telling "PostgreSQL is away" from "this statement is wrong"', () => {
  it('knows shutdown, recovery, connection and socket errors, and pg’s own messages', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '53300', 'ECONNREFUSED', 'ECONNRESET'])
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
    const everyAddressRefused = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]);
    expect(isDatabaseUnavailable(everyAddressRefused)).toBe(true);
  });

  it('does not take a bad statement or a constraint for an outage', () => {
    for (const code of ['23505', '42P01', '22P02', '40001'])
      expect(isDatabaseUnavailable(withCode(code, 'duplicate key')), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe('retryWhileUnavailable', () => {
  it('runs the work again while the database is away, then returns its result', async () => {
    let tries = 0;
    const waits: number[] = [];
    const result = await retryWhileUnavailable(
      async () => {
        tries++;
        if (tries < 3) throw withCode('ECONNREFUSED');
        return 'written';
      },
      { maxWaitMs: 5000, firstDelayMs: 1, onWait: (_error, waited) => waits.push(waited) },
    );
    expect(result).toBe('written');
    expect(tries).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('throws any other error at once, and gives up after maxWaitMs', async () => {
    let tries = 0;
    await expect(
      retryWhileUnavailable(
        async () => {
          tries++;
          throw withCode('23505', 'duplicate key');
        },
        { maxWaitMs: 5000 },
      ),
    ).rejects.toThrow('duplicate key');
    expect(tries).toBe(1);
    await expect(
      retryWhileUnavailable(() => Promise.reject(withCode('57P03')), { maxWaitMs: 30, firstDelayMs: 5 }),
    ).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});

describe('probeDatabase', () => {
  it('is false when the query fails or does not answer in time, true when it answers', async () => {
    expect(await probeDatabase({ query: () => Promise.resolve({ rows: [] }) } as never)).toBe(true);
    expect(await probeDatabase({ query: () => Promise.reject(withCode('ECONNREFUSED')) } as never)).toBe(
      false,
    );
    expect(await probeDatabase({ query: () => new Promise(() => {}) } as never, 20)).toBe(false);
  });
});
