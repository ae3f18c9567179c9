import { z } from 'zod';
import { loadConfig } from '../config/load.ts';
import { port } from '../config/schema.ts';
import type { PlatformService } from '../platform/service.ts';
import { startBillingServer } from './grpc/server.ts';

export const billingConfigSchema = z.object({
  BILLING_GRPC_HOST: z.string().default('127.0.0.1'),
  BILLING_GRPC_PORT: port('BILLING_GRPC_PORT', 50051),
});

/**
 * The reference billing server over the platform's own tables. A retailer with its own billing
 * does not start this service and points BILLING_GRPC_ADDRESS at its implementation instead.
 */
export const billingService: PlatformService = {
  name: 'billing',
  description: 'reference billing gRPC server (hotline.billing.v1) over PostgreSQL',
  async start(context) {
    const config = loadConfig(billingConfigSchema, context.env);
    const server = await startBillingServer({
      pool: context.pool(),
      port: config.BILLING_GRPC_PORT,
      host: config.BILLING_GRPC_HOST,
      clock: context.clock,
      logger: context.logger,
    });
    return {
      endpoints: { grpc: `grpc://${server.address}` },
      async health() {
        return { status: 'ok', details: { port: server.port } };
      },
      close: () => server.close(),
    };
  },
};
