import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { BillingError, type BillingErrorKind } from '../errors.ts';

const STATUS_OF_KIND: Readonly<Record<BillingErrorKind, status>> = {
  not_found: status.NOT_FOUND,
  invalid_argument: status.INVALID_ARGUMENT,
  failed_precondition: status.FAILED_PRECONDITION,
  unavailable: status.UNAVAILABLE,
  internal: status.INTERNAL,
};

// Connection-level failures of PostgreSQL (class 08, shutdown 57P0x) and of the network mean
// "try again", not "the billing is broken".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);

/** The domain error a server-side failure stands for; anything unexpected is `internal`. */
export function classifyError(error: unknown): BillingError {
  if (error instanceof BillingError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) {
    return new BillingError('unavailable', 'the billing database is unavailable, try again later');
  }
  return new BillingError('internal', 'internal billing error');
}

export function toServiceError(error: BillingError): Partial<ServiceError> {
  return { code: STATUS_OF_KIND[error.kind], details: error.message, metadata: new Metadata() };
}

/** Client side: a gRPC failure back to the domain error callers handle. */
export function fromServiceError(error: ServiceError): BillingError {
  switch (error.code) {
    case status.NOT_FOUND:
      return new BillingError('not_found', error.details);
    case status.INVALID_ARGUMENT:
    case status.OUT_OF_RANGE:
      return new BillingError('invalid_argument', error.details);
    case status.FAILED_PRECONDITION:
      return new BillingError('failed_precondition', error.details);
    case status.UNAVAILABLE:
    case status.DEADLINE_EXCEEDED:
    case status.CANCELLED:
    case status.RESOURCE_EXHAUSTED:
      return new BillingError('unavailable', `billing unavailable: ${error.details}`);
    default:
      return new BillingError(
        'internal',
        `billing failed (${status[error.code] ?? error.code}): ${error.details}`,
      );
  }
}
