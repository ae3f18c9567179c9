import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BillingServiceClient } from '../../../proto/gen/hotline/billing/v1/billing.ts';
import { createPool } from '../../db/index.ts';
import { createLogger } from '../../logging/index.ts';
import { ManualClock } from '../../testing/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import type { BillingApi } from '../api.ts';
import { BillingError } from '../errors.ts';
import { createBillingClient } from '../grpc/client.ts';
import { type BillingServerHandle, startBillingServer } from '../grpc/server.ts';
import { classifyError, fromServiceError } from '../grpc/status.ts';
import { CLOSED, fillBillingFixture, IVANOV, NOW } from './fixtures.ts';

// How failures cross the wire: domain errors -> gRPC status codes with clear messages -> domain
// errors again on the client; unexpected faults leak nothing, neither to the caller nor the log.
let db: TestDatabase;
let server: BillingServerHandle;
let raw: BillingServiceClient;

beforeAll(async () => {
  db = await createTestDatabase();
  await fillBillingFixture(db.pool);
  server = await startBillingServer({ pool: db.pool, port: 0, clock: new ManualClock(NOW) });
  raw = new BillingServiceClient(server.address, credentials.createInsecure());
});

afterAll(async () => {
  raw?.close();
  await server?.close();
  await db?.drop();
});

function statusOf(
  call: (cb: (error: ServiceError | null) => void) => void,
): Promise<{ code: status; details: string }> {
  return new Promise((resolve) => {
    call((error) =>
      resolve(error ? { code: error.code, details: error.details } : { code: status.OK, details: '' }),
    );
  });
}

describe('status codes on the wire', () => {
  it('NOT_FOUND for an unknown account, with a message that does not echo the number', async () => {
    const result = await statusOf((cb) => raw.getBalance({ accountNumber: '1999999999' }, cb));
    expect(result).toEqual({ code: status.NOT_FOUND, details: 'no account with this number' });
  });

  it('INVALID_ARGUMENT for malformed input, naming every problem', async () => {
    const result = await statusOf((cb) =>
      raw.submitMeterReading(
        {
          accountNumber: '12',
          meterSerial: '',
          values: [],
          takenAt: undefined,
          channel: 'fax',
          interactionId: '',
        },
        cb,
      ),
    );
    expect(result.code).toBe(status.INVALID_ARGUMENT);
    for (const part of [
      'account_number must be 10 digits',
      'meter_serial is required',
      'at least one zone value is required',
      'channel must be a channel id',
    ]) {
      expect(result.details).toContain(part);
    }
  });

  it('FAILED_PRECONDITION for a reading on a closed account', async () => {
    const result = await statusOf((cb) =>
      raw.submitMeterReading(
        {
          accountNumber: CLOSED.account,
          meterSerial: 'CL-1',
          values: [{ zone: 'single', value: '10' }],
          takenAt: undefined,
          channel: 'phone',
          interactionId: '',
        },
        cb,
      ),
    );
    expect(result).toEqual({
      code: status.FAILED_PRECONDITION,
      details: 'the account is closed; readings are not taken',
    });
  });

  it('OK for a well-formed request', async () => {
    expect((await statusOf((cb) => raw.getAccount({ accountNumber: IVANOV.account }, cb))).code).toBe(
      status.OK,
    );
  });
});

describe('unexpected faults', () => {
  it('become INTERNAL without details, logged without personal data', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: 'billing-test',
      level: 'info',
      destination: { write: (l: string) => lines.push(l) },
    });
    const broken = {
      getAccount: () => Promise.reject(new Error(`boom for ${IVANOV.phone}`)),
    } as unknown as BillingApi;
    const faulty = await startBillingServer({ pool: db.pool, port: 0, billing: broken, logger });
    const client = createBillingClient({ address: faulty.address });
    try {
      const error = await client.getAccount({ accountNumber: IVANOV.account }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BillingError);
      expect((error as BillingError).kind).toBe('internal');
      expect((error as BillingError).message).not.toContain('boom');
      const logged = lines.join('\n');
      expect(logged).toContain('billing call failed');
      expect(logged).toContain('GetAccount');
      expect(logged).not.toContain('9131234567');
    } finally {
      client.close();
      await faulty.close();
    }
  });

  it('a database that cannot be reached is UNAVAILABLE (try again), not INTERNAL', async () => {
    const deadPool = createPool('postgres://hotline@127.0.0.1:1/nothing', { max: 1 });
    const logger = createLogger({ name: 'billing-test', level: 'silent' });
    const cut = await startBillingServer({ pool: deadPool, port: 0, logger });
    const client = createBillingClient({ address: cut.address });
    try {
      const error = (await client
        .getAccount({ accountNumber: IVANOV.account })
        .catch((e: unknown) => e)) as BillingError;
      expect(error.kind).toBe('unavailable');
    } finally {
      client.close();
      await cut.close();
      await deadPool.end();
    }
  });

  it('a billing that does not answer within the deadline is UNAVAILABLE for the caller', async () => {
    const silent = { getBalance: () => new Promise(() => {}) } as unknown as BillingApi;
    const logger = createLogger({ name: 'billing-test', level: 'silent' });
    const stuck = await startBillingServer({ pool: db.pool, port: 0, billing: silent, logger });
    const client = createBillingClient({ address: stuck.address, deadlineMs: 200 });
    try {
      const error = (await client
        .getBalance({ accountNumber: IVANOV.account })
        .catch((e: unknown) => e)) as BillingError;
      expect(error.kind).toBe('unavailable');
    } finally {
      client.close();
      await stuck.close(100);
    }
  });
});

describe('mapping tables', () => {
  it('classifies server-side failures', () => {
    expect(classifyError(new BillingError('not_found', 'x')).kind).toBe('not_found');
    expect(classifyError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).kind).toBe(
      'unavailable',
    );
    expect(classifyError(Object.assign(new Error('admin shutdown'), { code: '57P01' })).kind).toBe(
      'unavailable',
    );
    expect(classifyError(Object.assign(new Error('syntax'), { code: '42601' })).kind).toBe('internal');
    expect(classifyError('weird').kind).toBe('internal');
  });

  it('maps every status a client may see back to a domain kind', () => {
    const kind = (code: status) =>
      fromServiceError(Object.assign(new Error('x'), { code, details: 'd', metadata: new Metadata() })).kind;
    expect(kind(status.NOT_FOUND)).toBe('not_found');
    expect(kind(status.INVALID_ARGUMENT)).toBe('invalid_argument');
    expect(kind(status.FAILED_PRECONDITION)).toBe('failed_precondition');
    expect(kind(status.DEADLINE_EXCEEDED)).toBe('unavailable');
    expect(kind(status.UNAVAILABLE)).toBe('unavailable');
    expect(kind(status.INTERNAL)).toBe('internal');
    expect(kind(status.UNIMPLEMENTED)).toBe('internal');
  });
});
