import type { z } from 'zod';

/**
 * A request a route refuses: its status and the Russian message the screen shows. A handler
 * throws it; the app answers it (app.ts) — nothing was changed and nothing failed, so it is not
 * logged as an error.
 */
export class HttpRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A path parameter as its schema reads it. A value the schema refuses names nothing, so it is
 * refused like an id that does not exist: 404 with `notFound` (the caller learns nothing more).
 */
export function pathParam<S extends z.ZodType>(schema: S, value: unknown, notFound: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpRefusal(404, notFound);
  return parsed.data;
}

/** A request's body (or query) as its schema reads it; otherwise 400 with the problems as `describe` words them. */
export function requestInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  describe: (error: z.ZodError) => string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new HttpRefusal(400, describe(parsed.error));
  return parsed.data;
}
