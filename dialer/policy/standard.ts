/**
 * The customer-service standard's numbers for autoinforming (section 5.2 table, appendix 9.1;
 * R-DLR-3…5). Kept in one place so a change of the standard is one edit, and so tests can
 * name the number they check.
 */

// Phone and SMS only 10:00–20:00 in the client's local time: that window is core/calendar's
// OUTBOUND_OPENS / OUTBOUND_CLOSES, shared with the rest of the platform.

/** One informing call lasts at most 5 minutes. */
export const PHONE_CALL_MAX_MS = 5 * 60_000;
/** After a positive call the next call to that client no sooner than 7 days. */
export const PHONE_SPACING_AFTER_POSITIVE_DAYS = 7;
/** After a negative call: retry in 5–30 minutes … */
export const PHONE_RETRY_MIN_MINUTES = 5;
export const PHONE_RETRY_MAX_MINUTES = 30;
/** … at most 3 attempts in all. */
export const PHONE_MAX_ATTEMPTS = 3;

/** SMS: at most 160 characters, repeated every day (inside the window) until positive. */
export const SMS_MAX_CHARACTERS = 160;
export const SMS_REPEAT_DAYS = 1;

/** E-mail: repeated every 7 days until positive. */
export const EMAIL_REPEAT_DAYS = 7;
