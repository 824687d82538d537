import * as z from 'zod';

/** Metadata kept for each secret config field. */
export interface SecretFieldMetadata {
  /**
   * The name the secret is looked up by in the tenant's {@link SecretProvider}. Default: the
   * field's dotted path (`auth.clientSecret`).
   */
  name?: string;
}

/** The registry marking config fields as secret. */
export const secretFields = z.registry<SecretFieldMetadata>();

/**
 * A secret config field: a non-empty string that is filled from the tenant's secret provider when
 * absent, registered for redaction, shown as `[REDACTED]` by `redactConfig`, and marked
 * `writeOnly` with `x-openmdr-secret: true` in the JSON Schema.
 *
 * @example
 * ```ts
 * const config = z.object({ clientId: z.string(), clientSecret: secret({ name: 'crowdstrike.client_secret' }) });
 * ```
 */
export function secret(metadata: SecretFieldMetadata = {}): z.ZodString {
  const schema = z
    .string()
    .min(1)
    .meta({ writeOnly: true, 'x-openmdr-secret': true, description: 'secret' });
  secretFields.add(schema, metadata);
  return schema;
}

/** A secret field found in a config schema. */
export interface SecretFieldLocation {
  /** Path of keys from the config root. */
  path: readonly string[];
  /** Secret-provider name. */
  name: string;
}

type AnyZod = z.core.$ZodType;

function unwrap(schema: AnyZod): AnyZod {
  let current = schema;
  for (let depth = 0; depth < 10; depth += 1) {
    const def = current._zod.def as { innerType?: AnyZod; in?: AnyZod; type: string };
    if (secretFields.has(current)) return current;
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
  return current;
}

/**
 * Finds every {@link secret} field in a config schema (objects, optional/default/nullable
 * wrappers and discriminated unions are walked).
 */
export function findSecretFields(
  schema: AnyZod,
  path: readonly string[] = [],
): SecretFieldLocation[] {
  const inner = unwrap(schema);
  if (secretFields.has(inner)) {
    return [{ path, name: secretFields.get(inner)?.name ?? path.join('.') }];
  }
  const def = inner._zod.def as {
    type: string;
    shape?: Record<string, AnyZod>;
    options?: AnyZod[];
  };
  if (def.type === 'object' && def.shape) {
    return Object.entries(def.shape).flatMap(([key, child]) =>
      findSecretFields(child, [...path, key]),
    );
  }
  if (def.type === 'union' && def.options) {
    const seen = new Map<string, SecretFieldLocation>();
    for (const option of def.options) {
      for (const found of findSecretFields(option, path)) seen.set(found.path.join('.'), found);
    }
    return [...seen.values()];
  }
  return [];
}

/** The JSON Schema (draft 2020-12) of a config schema, secret fields marked. */
export function configJsonSchema(schema: AnyZod): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
