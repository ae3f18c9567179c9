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
  ) {
    super(message);
  }
}
