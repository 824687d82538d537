/**
 * Reading and overriding {@link SigmaQueryMapping}s: which logsource entry applies to a rule,
 * what a Sigma field is called in the target, and a tenant's overrides merged over a base.
 *
 * @module
 */
import type { SigmaLogsource } from '../field-access.js';
import type {
  SigmaLogsourceMapping,
  SigmaQueryMapping,
  SigmaQueryMappingOverride,
} from './types.js';

/**
 * The logsource entry of a mapping that applies to a rule's logsource: every key the entry
 * sets equals the rule's; among those, the one setting the most keys wins (the first on ties).
 */
export function findLogsourceMapping(
  mapping: SigmaQueryMapping,
  logsource: SigmaLogsource,
): SigmaLogsourceMapping | undefined {
  let best: SigmaLogsourceMapping | undefined;
  let bestScore = -1;
  for (const entry of mapping.logsources) {
    let score = 0;
    let applies = true;
    for (const key of ['product', 'category', 'service'] as const) {
      const wanted = entry[key];
      if (wanted === undefined) continue;
      if (wanted !== logsource[key]) {
        applies = false;
        break;
      }
      score++;
    }
    if (applies && score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The target fields of a Sigma field: the logsource entry's rename, else the mapping's, else
 * the logsource entry's `'*'` template (`'*': 'EventData.*'` renames every field not listed,
 * `*` standing for the Sigma name), else the Sigma name itself (`undefined` when the mapping's
 * `unmappedFields` is `'fail'`).
 */
export function mappedFields(
  mapping: SigmaQueryMapping,
  logsource: SigmaLogsourceMapping | undefined,
  field: string,
): readonly string[] | undefined {
  const renamed = logsource?.fields?.[field] ?? mapping.fields[field];
  if (renamed !== undefined) return typeof renamed === 'string' ? [renamed] : renamed;
  const template = logsource?.fields?.['*'];
  if (typeof template === 'string') return [template.replace('*', field)];
  return mapping.unmappedFields === 'fail' ? undefined : [field];
}

/**
 * A mapping with a tenant's overrides: fields are merged (the override wins per field, also
 * over the base's per-logsource renames of that field), override logsource entries come first
 * (so they win ties), scalars are replaced; keys the override leaves `undefined` keep the base.
 */
export function mergeQueryMappings(
  base: SigmaQueryMapping,
  override: SigmaQueryMappingOverride,
): SigmaQueryMapping {
  const defined = Object.fromEntries(
    Object.entries(override).filter(([, value]) => value !== undefined),
  ) as Partial<SigmaQueryMapping>;
  const overridden = new Set(Object.keys(override.fields ?? {}));
  const baseLogsources = base.logsources.map((entry) => {
    const fields = entry.fields;
    if (fields === undefined || !Object.keys(fields).some((field) => overridden.has(field))) {
      return entry;
    }
    return {
      ...entry,
      fields: Object.fromEntries(
        Object.entries(fields).filter(([field]) => !overridden.has(field)),
      ),
    };
  });
  return {
    ...base,
    ...defined,
    name: override.name ?? base.name,
    fields: { ...base.fields, ...override.fields },
    logsources: [...(override.logsources ?? []), ...baseLogsources],
  };
}
