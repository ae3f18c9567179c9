/** A contact-policy input that cannot be honoured (bad zone, bad config, impossible state). */
export class ContactPolicyError extends Error {
  override name = 'ContactPolicyError';
}
