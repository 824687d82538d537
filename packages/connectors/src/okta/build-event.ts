import { buildOcsfEvent, type OcsfClassName, OcsfValidationError } from '@openmdr/core';
import type { NormalizedEvent } from '../connector/define-connector.js';
import { NormalizationError } from '../windows/errors.js';

/**
 * A copy of `value` without `undefined`, `null`, empty strings, empty arrays and objects left
 * empty by that: vendor records leave many fields null, OCSF wants them absent.
 */
export function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const pruned = prune(item);
      if (pruned !== undefined) out[key] = pruned;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (value === null || value === '') return undefined;
  return value;
}

/** Attributes of the OCSF `security_control` profile these normalisers fill. */
const SECURITY_CONTROL_ATTRIBUTES = ['action_id', 'risk_level_id', 'attacks'] as const;

/**
 * Builds and strictly validates an OCSF event from a loosely assembled input (pruned first),
 * enabling the `security_control` profile when the event uses its attributes.
 * A validation failure becomes a {@link NormalizationError} naming the OCSF attribute.
 */
export function buildEvent(
  className: OcsfClassName,
  input: Record<string, unknown>,
  vendor: string,
): NormalizedEvent {
  const pruned = prune(input) as Record<string, unknown>;
  const usesSecurityControl = SECURITY_CONTROL_ATTRIBUTES.some((name) => name in pruned);
  if (usesSecurityControl) {
    const metadata = pruned['metadata'] as Record<string, unknown>;
    pruned['metadata'] = { ...metadata, profiles: ['security_control'] };
  }
  try {
    return buildOcsfEvent(className, pruned as never) as unknown as NormalizedEvent;
  } catch (error) {
    if (!(error instanceof OcsfValidationError)) throw error;
    const first = error.issues[0];
    throw new NormalizationError(
      `${vendor} record does not make a valid OCSF ${className}: ${error.message}`,
      { cause: error, path: first?.path ?? '' },
    );
  }
}
