import { DateTime } from 'luxon';
import { z } from 'zod';

/** R-IVR-6 / R-REC-1: recordings are kept at least six months; no setting can make it shorter. */
export const MIN_RETENTION_MONTHS = 6;

export const retentionConfigSchema = z.object({
  RECORDING_RETENTION_MONTHS: z.coerce
    .number({ error: 'RECORDING_RETENTION_MONTHS must be a whole number of months' })
    .int('RECORDING_RETENTION_MONTHS must be a whole number of months')
    .min(
      MIN_RETENTION_MONTHS,
      `RECORDING_RETENTION_MONTHS cannot be below ${MIN_RETENTION_MONTHS}: the standard keeps calls at least 6 months`,
    )
    .max(1200)
    .default(12),
});

export class RetentionPolicy {
  constructor(
    readonly months: number,
    /** Months are counted in the retailer's local calendar (31 Aug + 6 months = 28/29 Feb). */
    readonly timeZone: string,
  ) {
    if (!Number.isInteger(months) || months < MIN_RETENTION_MONTHS) {
      throw new RangeError(`retention cannot be below ${MIN_RETENTION_MONTHS} months (got ${months})`);
    }
  }

  /** The first instant at which a recording started at `startedAt` may be deleted. */
  expiresAt(startedAt: Date): Date {
    return DateTime.fromJSDate(startedAt, { zone: this.timeZone }).plus({ months: this.months }).toJSDate();
  }

  /** Recordings that started before this instant have expired at `now`. */
  cutoff(now: Date): Date {
    return DateTime.fromJSDate(now, { zone: this.timeZone }).minus({ months: this.months }).toJSDate();
  }

  isExpired(startedAt: Date, now: Date): boolean {
    return now.getTime() >= this.expiresAt(startedAt).getTime();
  }
}
