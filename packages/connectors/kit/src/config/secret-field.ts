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
  /** True when the field is optional: a missing secret is then left out, not an error. */
  optional?: boolean;
}

type AnyZod = z.core.$ZodType;

/** The default secret name of a field path: snake case joined by `_` (`auth_client_secret`). */
export function defaultSecretName(path: readonly string[]): string {
  return path
    .map((key) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_'))
    .join('_')
    .toLowerCase();
}

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

function matchesDiscriminator(option: AnyZod, key: string, value: unknown): boolean {
  const def = unwrap(option)._zod.def as { shape?: Record<string, AnyZod> };
  const field = def.shape?.[key];
  if (!field) return false;
  const values = (unwrap(field)._zod.def as { values?: unknown[] }).values;
  return values?.includes(value) ?? false;
}

function isOptional(schema: AnyZod): boolean {
  let current = schema;
  for (let depth = 0; depth < 10 && !secretFields.has(current); depth += 1) {
    const def = current._zod.def as { innerType?: AnyZod; type: string };
    if (def.type === 'optional' || def.type === 'default') return true;
    if (!def.innerType) return false;
    current = def.innerType;
  }
  return false;
}

/**
 * Finds every {@link secret} field in a config schema (objects, optional/default/nullable
 * wrappers and unions are walked). With `value`, a discriminated union contributes only the
 * variant the value selects, so absent variants' secrets are not asked for.
 */
export function findSecretFields(
  schema: z.core.$ZodType,
  path: readonly string[] = [],
  value?: unknown,
): SecretFieldLocation[] {
  const inner = unwrap(schema);
  if (secretFields.has(inner)) {
    const name = secretFields.get(inner)?.name ?? defaultSecretName(path);
    return [{ path, name, ...(isOptional(schema) ? { optional: true } : {}) }];
  }
  const def = inner._zod.def as {
    type: string;
    shape?: Record<string, AnyZod>;
    options?: AnyZod[];
    discriminator?: string;
  };
  if (def.type === 'object' && def.shape) {
    const record =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
    return Object.entries(def.shape).flatMap(([key, child]) =>
      findSecretFields(child, [...path, key], record?.[key]),
    );
  }
  if (def.type === 'union' && def.options) {
    let options = def.options;
    if (def.discriminator && value !== null && typeof value === 'object') {
      const key = def.discriminator;
      const selected = (value as Record<string, unknown>)[key];
      options = def.options.filter((option) => matchesDiscriminator(option, key, selected));
    }
    const seen = new Map<string, SecretFieldLocation>();
    for (const option of options) {
      for (const found of findSecretFields(option, path, value))
        seen.set(found.path.join('.'), found);
    }
    return [...seen.values()];
  }
  return [];
}

/** The JSON Schema (draft 2020-12) of a config schema, secret fields marked. */
export function configJsonSchema(schema: z.core.$ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
