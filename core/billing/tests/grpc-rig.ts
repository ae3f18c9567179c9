import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../lifecycle/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/pg.ts';
import { type BillingClient, createBillingClient } from '../grpc/client.ts';
import { type BillingServerHandle, startBillingServer } from '../grpc/server.ts';
import { fillBillingFixture } from './fixtures.ts';

export interface BillingOverGrpc {
  /** A fresh PostgreSQL database filled with the billing fixture. */
  db: TestDatabase;
  /** The reference gRPC server over it. */
  server: BillingServerHandle;
  /** A client on a real gRPC connection to it. */
  billing: BillingClient;
}

/**
 * The test file's billing over gRPC: started before its tests, closed after them. The fields are
 * set once `beforeAll` ran; the file's own hooks come after it.
 */
export function billingOverGrpc(clock: Clock): BillingOverGrpc {
  const rig = {} as BillingOverGrpc;
  beforeAll(async () => {
    rig.db = await createTestDatabase();
    await fillBillingFixture(rig.db.pool);
    rig.server = await startBillingServer({ pool: rig.db.pool, port: 0, clock });
    rig.billing = createBillingClient({ address: rig.server.address });
  });
  afterAll(async () => {
    rig.billing?.close();
    await rig.server?.close();
    await rig.db?.drop();
  });
  return rig;
}
