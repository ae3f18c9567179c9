export { BILLING_METHODS, type BillingApi } from './api.ts';
export { PgBilling } from './db/pg-billing.ts';
export { BillingError, type BillingErrorKind } from './errors.ts';
export { type BillingClient, type BillingClientOptions, createBillingClient } from './grpc/client.ts';
export {
  type BillingServerHandle,
  type BillingServerOptions,
  createBillingGrpcHandlers,
  startBillingServer,
} from './grpc/server.ts';
export { computeBalance } from './services/balance.ts';
export { normalizeRussianPhone, normalizeSettlement, normalizeStreet } from './services/lookup.ts';
export { explainRejection } from './services/reading-explanations.ts';
export {
  checkReading,
  monthsElapsed,
  READING_REJECTION_CODES,
  type ReadingRejectionCode,
} from './services/reading-rules.ts';
export { formatForClient, parseReadingValue } from './services/reading-value.ts';
