/** The same source name arrived twice with different audio: both are kept, a person decides. */
export class RecordingConflictError extends Error {
  constructor(readonly sourceName: string) {
    super(
      `a different file was already ingested under the recording name ${sourceName}; the spool file is kept`,
    );
    this.name = 'RecordingConflictError';
  }
}

export class RecordingNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`recording ${id} not found`);
    this.name = 'RecordingNotFoundError';
  }
}

export class AccessDeniedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'AccessDeniedError';
  }
}
