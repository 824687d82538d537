import { REDACTED, registerSecret, type TenantId } from '@openmdr/core';
import * as z from 'zod';
import { type ConfigIssue, ConnectorConfigError } from '../errors/connector-errors.js';
import type { SecretProvider } from '../secrets/secret-provider.js';
import { findSecretFields } from './secret-field.js';

function getPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function setPath(value: Record<string, unknown>, path: readonly string[], leaf: unknown): void {
  let current: Record<string, unknown> = value;
  for (const key of path.slice(0, -1)) {
    const next = current[key];
    if (next === null || typeof next !== 'object') return;
    current = next as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) current[last] = leaf;
}

/** Options of {@link resolveConfig}. */
export interface ResolveConfigOptions {
  /** The connector id, for error messages. */
  connectorId: string;
  /** The tenant whose secrets are read. */
  tenant: TenantId;
  /** The tenant's secret provider. Secret fields absent from the input are read from it. */
  secrets?: SecretProvider;
}

/** Converts zod issues to config issues: paths and messages, never input values. */
export function toConfigIssues(error: z.core.$ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * Validates a connector config: fills {@link secret} fields missing from `input` from the
 * tenant's secret provider, registers every secret value for redaction, and parses with the
 * schema. Throws a {@link ConnectorConfigError} naming keys and problems (never values).
 */
export async function resolveConfig<Schema extends z.core.$ZodType>(
  schema: Schema,
  input: unknown,
  options: ResolveConfigOptions,
): Promise<z.core.output<Schema>> {
  const copy: Record<string, unknown> =
    input !== null && typeof input === 'object'
      ? structuredClone(input as Record<string, unknown>)
      : {};
  const issues: ConfigIssue[] = [];
  for (const field of findSecretFields(schema, [], copy)) {
    const present = getPath(copy, field.path);
    if (typeof present === 'string' && present.length > 0) {
      registerSecret(present);
      continue;
    }
    if (!options.secrets) continue;
    let value: string | undefined;
    try {
      value = await options.secrets.get(options.tenant, field.name);
    } catch {
      value = undefined;
    }
    if (value === undefined) {
      const parentPresent =
        field.path.length === 1 || getPath(copy, field.path.slice(0, -1)) !== undefined;
      if (parentPresent && !field.optional) {
        issues.push({
          path: field.path.join('.'),
          message: `secret ${JSON.stringify(field.name)} not found for tenant ${options.tenant}`,
        });
      }
      continue;
    }
    registerSecret(value);
    setPath(copy, field.path, value);
  }
  const parsed = await z.safeParseAsync(schema, copy);
  if (!parsed.success) {
    const all = [...issues, ...toConfigIssues(parsed.error)];
    const unique = new Map(all.map((issue) => [`${issue.path}|${issue.message}`, issue]));
    throw new ConnectorConfigError(options.connectorId, [...unique.values()]);
  }
  if (issues.length > 0) throw new ConnectorConfigError(options.connectorId, issues);
  return parsed.data;
}

/** A copy of a config with every {@link secret} field replaced by `[REDACTED]`: safe to log or store. */
export function redactConfig<T>(schema: z.core.$ZodType, config: T): T {
  if (config === null || typeof config !== 'object') return config;
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const field of findSecretFields(schema, [], copy)) {
    if (getPath(copy, field.path) !== undefined) setPath(copy, field.path, REDACTED);
  }
  return copy as T;
}
