import type { z } from 'zod';
import { ConfigError } from './errors.ts';
import { type BaseConfig, baseConfigSchema } from './schema.ts';

/**
 * Validates the environment against a schema once at start-up. Every bad value is reported
 * with its variable name, so an operator fixes all of them in one go.
 */
export function loadConfig(): BaseConfig;
export function loadConfig<S extends z.ZodType>(schema: S, env?: NodeJS.ProcessEnv): z.infer<S>;
export function loadConfig(
  schema: z.ZodType = baseConfigSchema,
  env: NodeJS.ProcessEnv = process.env,
): unknown {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `  ${variable}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`, problems);
}
