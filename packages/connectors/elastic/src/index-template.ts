import type { OcsfAttributeMetadata } from '@openmdr/core';
import { ocsfSchema180 } from '@openmdr/core';

/** An Elasticsearch field mapping. */
export type FieldMapping = Record<string, unknown>;

/** Options of {@link ocsfIndexTemplate}. */
export interface OcsfIndexTemplateOptions {
  /** The OCSF classes written (`detection_finding`, …): the mapping is the union of theirs. */
  classes: readonly string[];
  /** Index patterns of the data streams (`ocsf-findings-*`). */
  indexPatterns: readonly string[];
  /**
   * Object nesting mapped field by field; deeper objects are mapped `flattened` (one field,
   * every leaf searchable as a keyword). Default 3 (`evidences.process.parent_process` is mapped,
   * its objects flattened).
   */
  maxDepth?: number;
  /** Template priority (above the built-in `logs-*-*` templates' 100). Default 200. */
  priority?: number;
}

/** Free text attributes: `text` with a `keyword` sub-field. */
const TEXT_ATTRIBUTES = new Set(['message', 'desc', 'cmd_line', 'comment', 'title']);

const keyword: FieldMapping = { type: 'keyword', ignore_above: 1024 };

/** The mapping of a scalar OCSF type, by its dictionary type. */
function scalarMapping(name: string, type: string): FieldMapping {
  if (TEXT_ATTRIBUTES.has(name)) {
    return {
      type: 'match_only_text',
      fields: { keyword: { type: 'keyword', ignore_above: 8191 } },
    };
  }
  switch (type) {
    case 'timestamp_t':
      return { type: 'date', format: 'epoch_millis' };
    case 'datetime_t':
      return { type: 'date' };
    case 'ip_t':
      return { type: 'ip' };
    case 'port_t':
      return { type: 'integer' };
    case 'json_t':
      return { type: 'flattened' };
    default:
      break;
  }
  switch (ocsfSchema180.types[type]?.baseType ?? type) {
    case 'integer_t':
      return { type: 'integer' };
    case 'long_t':
      return { type: 'long' };
    case 'float_t':
      return { type: 'double' };
    case 'boolean_t':
      return { type: 'boolean' };
    default:
      return keyword;
  }
}

function attributeMapping(
  name: string,
  attribute: OcsfAttributeMetadata,
  depth: number,
  maxDepth: number,
): FieldMapping {
  if (name === 'unmapped') return { type: 'flattened' };
  if (name === 'raw_data') return { type: 'keyword', index: false, doc_values: false };
  if (attribute.type !== 'object_t' || !attribute.objectType) {
    return scalarMapping(name, attribute.type);
  }
  const object = ocsfSchema180.objects[attribute.objectType];
  if (!object || depth >= maxDepth) return { type: 'flattened' };
  return { properties: propertiesOf(object.attributes, depth + 1, maxDepth) };
}

function propertiesOf(
  attributes: Readonly<Record<string, OcsfAttributeMetadata>>,
  depth: number,
  maxDepth: number,
): Record<string, FieldMapping> {
  const out: Record<string, FieldMapping> = {};
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    if (!attribute || attribute.deprecated) continue;
    out[name] = attributeMapping(name, attribute, depth, maxDepth);
  }
  return out;
}

/** Counts the fields a mapping defines (sub-fields included), as Elasticsearch's limit does. */
export function countMappedFields(properties: Record<string, FieldMapping>): number {
  let count = 0;
  for (const mapping of Object.values(properties)) {
    count += 1;
    if (mapping['properties'])
      count += countMappedFields(mapping['properties'] as Record<string, FieldMapping>);
    if (mapping['fields']) count += Object.keys(mapping['fields'] as object).length;
  }
  return count;
}

/**
 * A composable index template (`PUT /_index_template/<name>`) for data streams of OCSF events,
 * generated from the OCSF 1.8.0 metadata of `@openmdr/core`: each attribute of the classes
 * written is mapped by its OCSF type — `timestamp_t` a `date` (epoch ms), `ip_t` an `ip`,
 * integers, longs, floats and booleans their Elasticsearch types, free text `match_only_text`
 * with a keyword, other strings `keyword` — and objects by their own attributes down to
 * `maxDepth`, below which they are `flattened`; `unmapped` is `flattened`, `raw_data` stored but
 * not indexed. `dynamic: false` keeps fields outside the model in `_source` without growing the
 * mapping. Documents carry `@timestamp` (the event `time`) as data streams require.
 *
 * @throws {Error} for a class name OCSF 1.8.0 does not define.
 */
export function ocsfIndexTemplate(options: OcsfIndexTemplateOptions): Record<string, unknown> {
  const maxDepth = options.maxDepth ?? 3;
  const properties: Record<string, FieldMapping> = {};
  for (const className of options.classes) {
    const metadata = ocsfSchema180.classes[className];
    if (!metadata) throw new Error(`unknown OCSF class ${className}`);
    Object.assign(properties, propertiesOf(metadata.attributes, 1, maxDepth));
  }
  properties['@timestamp'] = { type: 'date' };
  const fields = countMappedFields(properties);
  return {
    index_patterns: [...options.indexPatterns],
    data_stream: {},
    priority: options.priority ?? 200,
    template: {
      settings: {
        'index.mapping.total_fields.limit': Math.max(1_000, Math.ceil((fields + 100) / 500) * 500),
        'index.mapping.ignore_malformed': true,
      },
      mappings: { dynamic: false, properties },
    },
    _meta: {
      description: `OCSF ${ocsfSchema180.version} events (${options.classes.join(', ')}), generated by @openmdr/connector-elastic`,
      ocsf_version: ocsfSchema180.version,
      classes: [...options.classes],
    },
  };
}
