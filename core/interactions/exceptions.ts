export class InteractionError extends Error {
  override name = 'InteractionError';
}

export class InteractionValidationError extends InteractionError {
  override name = 'InteractionValidationError';
  constructor(readonly problems: string[]) {
    super(`invalid interaction input: ${problems.join('; ')}`);
  }
}

export class InteractionNotFoundError extends InteractionError {
  override name = 'InteractionNotFoundError';
  constructor(readonly interactionId: string) {
    super(`interaction ${interactionId} not found`);
  }
}

/** The stage change is not possible from the current stage (e.g. answering a closed call). */
export class InteractionStateError extends InteractionError {
  override name = 'InteractionStateError';
}
