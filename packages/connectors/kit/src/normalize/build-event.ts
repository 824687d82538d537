import {
  buildOcsfEvent,
  type OcsfClassMap,
  type OcsfClassName,
  OcsfValidationError,
  ocsfSchema180,
} from '@openmdr/core';
import type { NormalizedEvent } from '../connector/define-connector.js';
import { NormalizationError } from '../errors/normalization-error.js';
import { extend, type OcsfPart, prune } from './compact.js';
import type { NormalizeOptions } from './normalize-source.js';

/**
 * What a normaliser assembles for {@link buildEvent}: the attributes of one OCSF event, parts
 * loosely typed (`undefined`, `null` and empty values are pruned first). The builder computes
 * `class_uid`, `category_uid`, `type_uid`, the captions and `metadata.version`.
 */
export interface EventInput {
  /** The class's `activity_id`. */
  activity_id: number;
  /** `metadata`: at least `product`. */
  metadata: OcsfPart;
  /** Every other attribute of the class. */
  [attribute: string]: unknown;
}

/** Where an event comes from, for {@link buildEvent}. */
export interface EventSource {
  /** Names the record in error messages: `CrowdStrike alert`, `Microsoft Entra signIn`. */
  readonly source: string;
  /** The raw record, kept as JSON text in `raw_data` when `options.includeRawData` is set. */
  readonly record?: unknown;
  /** The normaliser's options. */
  readonly options?: NormalizeOptions | undefined;
}

/**
 * `metadata.profiles` of an event: the profiles it names, then, in the schema's order, those of
 * every attribute its class has only through a profile (`action_id` or `attacks` of a Detection
 * Finding, `device` or `risk_level_id` of an Authentication, `verdict_id` of a Detection Finding).
 */
function profilesOf(className: OcsfClassName, event: OcsfPart): string[] {
  const metadata = event['metadata'] as OcsfPart | undefined;
  const named = Array.isArray(metadata?.['profiles'])
    ? (metadata['profiles'] as unknown[]).filter((name): name is string => typeof name === 'string')
    : [];
  const schema = ocsfSchema180.classes[className];
  if (schema === undefined) return named;
  const needed = new Set<string>();
  for (const name in event) {
    const gated = schema.attributes[name]?.profiles;
    if (gated !== undefined && !gated.some((profile) => named.includes(profile)))
      needed.add(gated[0] as string);
  }
  return [...named, ...schema.profiles.filter((profile) => needed.has(profile))];
}

/**
 * Finishes a normaliser's event: prunes the input, names the profiles its attributes need in
 * `metadata.profiles`, builds and strictly validates it as the OCSF class `className` with the
 * `@openmdr/core` builder, and adds `raw_data` when asked to. The result is typed as the class.
 *
 * @example
 * ```ts
 * return buildEvent('detection_finding', { activity_id: 1, severity_id: 4, … }, {
 *   source: 'CrowdStrike alert',
 *   record,
 *   options,
 * });
 * ```
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) when the event is not valid OCSF, with the
 *   OCSF path of the first invalid attribute in `path` and the validation error as `cause`.
 */
export function buildEvent<K extends OcsfClassName>(
  className: K,
  input: EventInput,
  from: EventSource,
): OcsfClassMap[K] & NormalizedEvent {
  const event = (prune(input) ?? {}) as OcsfPart;
  const profiles = profilesOf(className, event);
  if (profiles.length > 0) event['metadata'] = extend(event['metadata'] as OcsfPart, { profiles });
  let built: OcsfClassMap[K];
  try {
    // The input is checked here, at run time, by strict validation: that is what types it.
    built = buildOcsfEvent(className, event as never);
  } catch (error) {
    if (!(error instanceof OcsfValidationError)) throw error;
    throw new NormalizationError(
      `${from.source} record does not make a valid OCSF ${className}: ${error.message}`,
      { cause: error, path: error.issues[0]?.path ?? '' },
    );
  }
  const out = built as OcsfClassMap[K] & NormalizedEvent;
  if (from.options?.includeRawData === true) out.raw_data = JSON.stringify(from.record);
  return out;
}
