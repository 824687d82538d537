import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  connectorSources,
  isRecord,
  type NormalizeOptions,
  type NormalizeSource,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import type { OsintInventoryInfo } from '@openmdr/core';
import { confidenceIdOf, patternIndicator, patternTypeId, tlpOfMarkings } from './stix-values.js';

/** `metadata.product` of every TAXII 2.1 event. */
export const TAXII_PRODUCT = { name: 'TAXII 2.1 collection', vendor_name: 'OASIS TAXII' } as const;

/** Indicator properties the normaliser maps; the others go to `unmapped`. */
const MAPPED = new Set([
  'type',
  'spec_version',
  'id',
  'name',
  'description',
  'pattern',
  'pattern_type',
  'created',
  'modified',
  'valid_from',
  'valid_until',
  'labels',
  'indicator_types',
  'confidence',
  'object_marking_refs',
]);

/** True for a STIX 2.1 `indicator` object (it has a string `id` and `pattern`). */
export function isStixIndicator(record: unknown): boolean {
  return (
    isRecord(record) &&
    record['type'] === 'indicator' &&
    typeof record['id'] === 'string' &&
    typeof record['pattern'] === 'string'
  );
}

/**
 * Normalises one STIX 2.1 indicator into an OCSF 1.8.0 OSINT Inventory Info event (class 5021,
 * activity Collect): one `osint` entry with the indicator id as `uid`, the compared value (or the
 * whole pattern) as `value` and its `type_id`, the pattern as `detection_pattern`, the TLP of
 * its marking refs, `confidence_id`/`confidence_score`, `valid_until` as `expiration_time`,
 * `labels` and `indicator_types` as labels; other properties stay in `unmapped`. Pure.
 *
 * @throws {NormalizationError} naming the field when the object is not an indicator with an
 *   `id`, a `pattern` and a `modified` (or `created`) time.
 */
export function normalizeTaxiiIndicator(
  record: unknown,
  options: NormalizeOptions = {},
): OsintInventoryInfo & NormalizedEvent {
  const object = new RecordReader(record);
  if (object.string('type') !== 'indicator')
    throw new NormalizationError('not a STIX indicator object', { path: 'type' });
  const uid = object.requireString('id');
  const pattern = object.requireString('pattern');
  const modified = object.time('modified') ?? object.requireTime('created');
  const confidence = object.number('confidence');
  const indicator = patternIndicator(pattern);
  const labels = [...object.strings('labels'), ...object.strings('indicator_types')];
  const patternType = object.string('pattern_type');
  const patternTypeIdValue = patternTypeId(patternType);
  return buildEvent(
    'osint_inventory_info',
    {
      activity_id: 2,
      severity_id: 1,
      time: modified,
      message: object.string('name') ?? indicator.value,
      osint: [
        {
          uid,
          value: indicator.value,
          type_id: indicator.typeId,
          name: object.string('name'),
          desc: object.string('description'),
          detection_pattern: pattern,
          // the caption is OCSF's; a pattern language OCSF does not list keeps its own name
          detection_pattern_type: patternTypeIdValue === 99 ? patternType : undefined,
          detection_pattern_type_id: patternTypeIdValue,
          created_time: object.time('created'),
          modified_time: object.time('modified'),
          expiration_time: object.time('valid_until'),
          confidence_id: confidenceIdOf(confidence),
          labels: labels.length > 0 ? [...new Set(labels)] : undefined,
          tlp: tlpOfMarkings(object.strings('object_marking_refs')),
        },
      ],
      confidence_score: confidence,
      metadata: {
        product: TAXII_PRODUCT,
        uid,
        original_time: object.string('modified') ?? object.string('created'),
      },
      unmapped: object.rest(MAPPED),
    },
    { source: 'STIX 2.1 indicator', record, options },
  );
}

/**
 * Normalises one object of the `objects` stream: an indicator gives one OSINT Inventory Info
 * event, every other STIX object (marking definitions, identities, relationships, SDOs without
 * a pattern) none — they reach the caller as raw records all the same.
 *
 * @throws {NormalizationError} for a record that is not a STIX object (no `type` or `id`).
 */
export function normalizeTaxiiObject(
  record: unknown,
  options: NormalizeOptions = {},
): NormalizedEvent[] {
  const object = new RecordReader(record);
  const type = object.requireString('type');
  object.requireString('id');
  return type === 'indicator' ? [normalizeTaxiiIndicator(record, options)] : [];
}

/**
 * The TAXII 2.1 sources of `openmdr normalize`: `taxii/objects` (STIX 2.1 indicator objects),
 * and `taxii` for any stream.
 */
export const taxiiNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'taxii',
  'TAXII 2.1',
  [
    {
      id: 'taxii/objects',
      summary: 'STIX 2.1 indicator objects of a TAXII 2.1 collection (GET …/objects/)',
      matches: isStixIndicator,
      normalize: (record, options) => normalizeTaxiiIndicator(record, options),
    },
  ],
);
