/**
 * What can go wrong when asking the billing, independent of the transport: the gRPC server maps
 * these to status codes and the client maps the codes back, so callers handle one error type.
 */
export type BillingErrorKind =
  | 'not_found'
  | 'invalid_argument'
  | 'failed_precondition'
  /** The billing cannot be reached or did not answer in time: try again later. */
  | 'unavailable'
  /** A fault inside the billing; details are in its own log, not in the message. */
  | 'internal';

export class BillingError extends Error {
  constructor(
    readonly kind: BillingErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'BillingError';
  }
}

export const notFound = (message: string) => new BillingError('not_found', message);
export const invalidArgument = (message: string) => new BillingError('invalid_argument', message);
export const failedPrecondition = (message: string) => new BillingError('failed_precondition', message);
