export type CampaignErrorCode =
  | 'invalid_input'
  | 'invalid_transition'
  | 'not_found'
  | 'template'
  | 'audience';

/** A supervisor's request that cannot be done; `message` is Russian and shown as is. */
export class CampaignError extends Error {
  override name = 'CampaignError';
  constructor(
    readonly code: CampaignErrorCode,
    message: string,
    readonly problems: readonly string[] = [],
    /** A refused CSV audience: every bad row with its line number (1 = the header). */
    readonly rows: readonly { line: number; message: string }[] = [],
  ) {
    super(message);
  }
}
