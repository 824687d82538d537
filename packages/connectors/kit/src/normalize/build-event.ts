import { buildOcsfEvent, type OcsfClassName, OcsfValidationError } from '@openmdr/core';
import type { NormalizedEvent } from '../connector/define-connector.js';
import { NormalizationError } from '../errors/normalization-error.js';

/**
 * A copy of `value` without `undefined`, `null`, empty strings, empty arrays and objects left
 * empty by that: vendor records leave many fields null, OCSF wants them absent.
 */
export function prune(value: unknown): unknown {
  if (value === null || value === '') return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const pruned = prune(item);
      if (pruned !== undefined) items.push(pruned);
    }
    return items.length === 0 ? undefined : items;
  }
  let out: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const pruned = prune((value as Record<string, unknown>)[key]);
    if (pruned === undefined) continue;
    out ??= {};
    out[key] = pruned;
  }
  return out;
}

/** Attributes of OCSF profiles these normalisers fill, by profile. */
const PROFILE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  security_control: ['action_id', 'risk_level_id', 'attacks', 'policy'],
  incident: ['verdict_id'],
};

/**
 * Builds and strictly validates an OCSF event from a loosely assembled input (pruned first),
 * enabling the OCSF profiles (`security_control`, `incident`) whose attributes the event uses.
 * A validation failure becomes a {@link NormalizationError} naming the OCSF attribute.
 */
export function buildEvent(
  className: OcsfClassName,
  input: Record<string, unknown>,
  vendor: string,
): NormalizedEvent {
  const pruned = prune(input) as Record<string, unknown>;
  const profiles = Object.entries(PROFILE_ATTRIBUTES)
    .filter(([, attributes]) => attributes.some((name) => name in pruned))
    .map(([profile]) => profile);
  if (profiles.length > 0) {
    const metadata = pruned['metadata'] as Record<string, unknown>;
    pruned['metadata'] = { ...metadata, profiles };
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
