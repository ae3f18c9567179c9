import type { z } from 'zod';

export const ACD_ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_QUEUE',
  'UNKNOWN_AGENT',
  'UNKNOWN_INTERACTION',
] as const;
export type AcdErrorCode = (typeof ACD_ERROR_CODES)[number];

/** A request the ACD cannot carry out; nothing was changed. */
export class AcdError extends Error {
  override name = 'AcdError';
  constructor(
    readonly code: AcdErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function invalid(error: z.ZodError): AcdError {
  const problems = error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`);
  return new AcdError('INVALID_ARGUMENT', problems.join('; '));
}

/** Lua commands answer refusals with `ACD:<CODE> <detail>` error replies. */
export function fromReply(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const match = /ACD:([A-Z_]+) ?(.*)$/.exec(message);
  if (match && (ACD_ERROR_CODES as readonly string[]).includes(match[1]!)) {
    throw new AcdError(
      match[1] as AcdErrorCode,
      `${match[1]!.toLowerCase().replace(/_/g, ' ')}: ${match[2]}`,
    );
  }
  throw error;
}
