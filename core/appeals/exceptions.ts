/** Domain errors of appeals; adapters map them to HTTP/gRPC statuses. */
export class AppealError extends Error {
  override name = 'AppealError';
}

/** The input is malformed (zod problems listed). Nothing was written. */
export class AppealValidationError extends AppealError {
  override name = 'AppealValidationError';
  constructor(readonly problems: string[]) {
    super(`invalid appeal input: ${problems.join('; ')}`);
  }
}

export class AppealNotFoundError extends AppealError {
  override name = 'AppealNotFoundError';
  constructor(readonly appealId: number | string) {
    super(`appeal ${appealId} not found`);
  }
}

/** The step is not allowed from the appeal's current state (e.g. answering a closed appeal). */
export class AppealStateError extends AppealError {
  override name = 'AppealStateError';
}

/** The step breaks a rule of the standard (R-APL-4/5/6/7); the message names it. */
export class AppealRuleError extends AppealError {
  override name = 'AppealRuleError';
}
