import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Verb options are declared once, as data, in `specs.json` (like jambonz's verb specs) and turned
 * into zod schemas here, so a flow with a wrong option fails before the call is touched.
 */
interface PropertySpec {
  type: 'string' | 'integer' | 'boolean' | 'string[]';
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  enum?: string[];
}

interface VerbSpec {
  description: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
  /** Exactly one of these groups of properties must be present. */
  oneOf?: string[][];
}

export const VERB_SPECS: Record<string, VerbSpec> = JSON.parse(
  readFileSync(new URL('./specs.json', import.meta.url), 'utf8'),
);

export type VerbName =
  | 'answer'
  | 'say'
  | 'play'
  | 'gather'
  | 'record'
  | 'enqueue'
  | 'dial'
  | 'bridge'
  | 'hangup'
  | 'csat';

export class VerbOptionsError extends Error {
  constructor(
    readonly verb: string,
    readonly problems: string[],
  ) {
    super(`${verb}: ${problems.join('; ')}`);
    this.name = 'VerbOptionsError';
  }
}

function propertySchema(spec: PropertySpec): z.ZodType {
  switch (spec.type) {
    case 'string': {
      if (spec.enum) return z.enum(spec.enum as [string, ...string[]]);
      let schema = z.string();
      if (spec.minLength !== undefined) schema = schema.min(spec.minLength);
      if (spec.maxLength !== undefined) schema = schema.max(spec.maxLength);
      return schema;
    }
    case 'integer': {
      let schema = z.number().int();
      if (spec.minimum !== undefined) schema = schema.min(spec.minimum);
      if (spec.maximum !== undefined) schema = schema.max(spec.maximum);
      return schema;
    }
    case 'boolean':
      return z.boolean();
    case 'string[]':
      return z.array(z.string().min(1)).min(spec.minItems ?? 0);
  }
}

const schemas = new Map<string, z.ZodType>();

function schemaOf(verb: string): z.ZodType {
  const cached = schemas.get(verb);
  if (cached) return cached;
  const spec = VERB_SPECS[verb];
  if (!spec) throw new VerbOptionsError(verb, ['unknown verb']);
  const shape: Record<string, z.ZodType> = {};
  for (const [name, property] of Object.entries(spec.properties)) {
    const base = propertySchema(property);
    shape[name] = spec.required?.includes(name) ? base : base.optional();
  }
  let schema: z.ZodType = z.strictObject(shape);
  if (spec.oneOf) {
    const groups = spec.oneOf;
    schema = schema.refine(
      (value) =>
        groups.filter((group) => group.every((key) => (value as Record<string, unknown>)[key] !== undefined))
          .length === 1,
      `exactly one of: ${groups.map((group) => group.join('+')).join(' | ')}`,
    );
  }
  schemas.set(verb, schema);
  return schema;
}

/** Validates a verb's options against its spec; every problem is named. */
export function parseVerbOptions<T>(verb: VerbName, options: unknown): T {
  const parsed = schemaOf(verb).safeParse(options ?? {});
  if (parsed.success) return parsed.data as T;
  throw new VerbOptionsError(
    verb,
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`),
  );
}
