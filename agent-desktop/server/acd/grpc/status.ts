import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { AcdError } from '../router/errors.ts';

/** A request the current state forbids (accepting a withdrawn offer, a break the rule refuses). */
export class PreconditionError extends Error {
  override name = 'PreconditionError';
}

export function toServiceError(error: unknown): ServiceError {
  let code: status = status.INTERNAL;
  let details = 'internal error';
  if (error instanceof AcdError) {
    code = error.code === 'INVALID_ARGUMENT' ? status.INVALID_ARGUMENT : status.NOT_FOUND;
    details = error.message;
  } else if (error instanceof PreconditionError) {
    code = status.FAILED_PRECONDITION;
    details = error.message;
  }
  return Object.assign(new Error(details), { code, details, metadata: new Metadata() });
}
