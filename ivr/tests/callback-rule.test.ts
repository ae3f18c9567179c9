import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS } from '../flows/dialog.ts';
import { shouldOfferCallback } from '../flows/operator.ts';

describe('callback offer at the 100 s estimated wait', () => {
  const limit = DEFAULT_FLOW_SETTINGS.callbackAboveMs;

  it('is 100 s by default', () => {
    expect(limit).toBe(100_000);
  });

  it.each([
    [99_900, false],
    [100_000, false],
    [100_100, true],
    [180_000, true],
    [null, true],
  ])('estimate %s ms → offer %s', (estimate, offer) => {
    expect(shouldOfferCallback(estimate, limit)).toBe(offer);
  });
});
