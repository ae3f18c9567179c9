import { type handleUnaryCall, Server, ServerCredentials } from '@grpc/grpc-js';
import {
  type BillingServiceServer,
  BillingServiceService,
} from '../../../proto/gen/hotline/billing/v1/billing.ts';
import type { Pool } from '../../db/index.ts';
import type { Clock } from '../../lifecycle/clock.ts';
import { createLogger, type Logger } from '../../logging/index.ts';
import type { BillingApi } from '../api.ts';
import { PgBilling } from '../db/pg-billing.ts';
import { classifyError, toServiceError } from './status.ts';

export interface BillingServerOptions {
  pool: Pool;
  /** 0 = any free port (tests). */
  port: number;
  /** Default 127.0.0.1; "0.0.0.0" to serve other hosts. */
  host?: string;
  clock?: Clock;
  logger?: Logger;
  /** Serve another implementation of the contract instead of the PostgreSQL one. */
  billing?: BillingApi;
}

export interface BillingServerHandle {
  /** The port actually bound. */
  port: number;
  /** "host:port" for createBillingClient. */
  address: string;
  /** Stops taking calls, lets calls in flight finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

/** Adapts any BillingApi to the gRPC service, mapping failures to status codes. */
export function createBillingGrpcHandlers(billing: BillingApi, logger: Logger): BillingServiceServer {
  function unary<Req, Res>(method: string, run: (request: Req) => Promise<Res>): handleUnaryCall<Req, Res> {
    return (call, callback) => {
      run(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => {
          const failure = classifyError(error);
          // Never the request itself: it carries personal data (phones, addresses, account numbers).
          if (failure.kind === 'internal' || failure.kind === 'unavailable') {
            logger.error({ err: error, method }, 'billing call failed');
          } else {
            logger.info({ method, kind: failure.kind }, 'billing call refused');
          }
          callback(toServiceError(failure));
        },
      );
    };
  }
  return {
    findAccounts: unary('FindAccounts', (r) => billing.findAccounts(r)),
    getAccount: unary('GetAccount', (r) => billing.getAccount(r)),
    getBalance: unary('GetBalance', (r) => billing.getBalance(r)),
    listCharges: unary('ListCharges', (r) => billing.listCharges(r)),
    listPayments: unary('ListPayments', (r) => billing.listPayments(r)),
    listMeters: unary('ListMeters', (r) => billing.listMeters(r)),
    submitMeterReading: unary('SubmitMeterReading', (r) => billing.submitMeterReading(r)),
    listOutages: unary('ListOutages', (r) => billing.listOutages(r)),
  };
}

/** Starts the reference billing gRPC server (hotline.billing.v1.BillingService). */
export async function startBillingServer(options: BillingServerOptions): Promise<BillingServerHandle> {
  const logger = options.logger ?? createLogger({ name: 'billing' });
  const billing = options.billing ?? new PgBilling(options.pool, options.clock);
  const server = new Server();
  server.addService(BillingServiceService, createBillingGrpcHandlers(billing, logger));
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  logger.info({ host, port }, 'billing gRPC server listening');
  return {
    port,
    address: `${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
