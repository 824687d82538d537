/**
 * Minimal valid instances of OCSF classes and objects, built from the metadata: required
 * attributes filled with type-correct values, constraints satisfied. Used by the schema
 * tests and the benchmark. Not part of the public API.
 * @internal
 */
import { ocsfSchema180 } from '../generated/metadata.js';
import type {
  OcsfAttributeMetadata,
  OcsfObjectMetadata,
  OcsfSchemaMetadata,
} from '../schema-metadata.js';

/** A type-correct sample value per dictionary type. */
export const sampleValues: Readonly<Record<string, unknown>> = {
  boolean_t: true,
  bytestring_t: 'AAAA',
  datetime_t: '2026-01-01T00:00:00Z',
  email_t: 'analyst@example.com',
  file_hash_t: 'd41d8cd98f00b204e9800998ecf8427e',
  file_name_t: 'report.pdf',
  file_path_t: '/tmp/report.pdf',
  float_t: 1.5,
  hostname_t: 'host.example.com',
  integer_t: 1,
  ip_t: '192.0.2.10',
  json_t: { key: 'value' },
  long_t: 1,
  mac_t: '00:11:22:33:44:55',
  port_t: 443,
  process_name_t: 'example.exe',
  reg_key_path_t: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Example',
  resource_uid_t: 'resource-1',
  string_t: 'example',
  subnet_t: '192.0.2.0/24',
  timestamp_t: 1767225600000,
  url_t: 'https://example.com/',
  username_t: 'alice',
  uuid_t: '123e4567-e89b-42d3-a456-426614174000',
};

/** A valid value for one attribute (arrays get one element). */
export function sampleAttributeValue(
  attribute: OcsfAttributeMetadata,
  schema: OcsfSchemaMetadata = ocsfSchema180,
  depth = 0,
): unknown {
  let value: unknown;
  if (attribute.type === 'object_t') {
    const objectType = attribute.objectType ?? 'object';
    value =
      objectType === 'object' ? {} : minimalObject(schema.objects[objectType]!, schema, depth + 1);
  } else if (attribute.enum !== undefined) {
    const ids = Object.keys(attribute.enum);
    const id = ids.find((candidate) => candidate !== '0' && candidate !== '99') ?? ids[0]!;
    value = typeof sampleValues[attribute.type] === 'string' ? id : Number(id);
  } else {
    value = sampleValues[attribute.type] ?? 'example';
  }
  return attribute.isArray ? [value] : value;
}

/** A minimal valid object: required (ungated) attributes and constraints satisfied. */
export function minimalObject(
  metadata: OcsfObjectMetadata,
  schema: OcsfSchemaMetadata = ocsfSchema180,
  depth = 0,
): Record<string, unknown> {
  if (depth > 20) throw new Error(`required attributes recurse through ${metadata.name}`);
  const value: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(metadata.attributes)) {
    if (attribute.requirement !== 'required' || attribute.profiles !== undefined) continue;
    value[name] = sampleAttributeValue(attribute, schema, depth);
  }
  const constraints = metadata.constraints;
  // the first listed attribute that exists and is not profile-gated (OCSF 1.8.0's
  // event_log_actvity lists `log_file`, which the class does not have)
  const usable = (path: string) => {
    const attribute = metadata.attributes[path.split('.')[0]!];
    return attribute !== undefined && attribute.profiles === undefined;
  };
  const first = (constraints?.atLeastOne ?? constraints?.justOne)?.find(usable);
  if (first !== undefined) setPath(value, metadata, first.split('.'), schema, depth);
  return value;
}

function setPath(
  value: Record<string, unknown>,
  metadata: OcsfObjectMetadata,
  parts: string[],
  schema: OcsfSchemaMetadata,
  depth: number,
): void {
  const [name, ...rest] = parts;
  const attribute = metadata.attributes[name!];
  if (attribute === undefined) throw new Error(`${metadata.name} has no attribute ${name}`);
  if (rest.length === 0) {
    if (value[name!] === undefined) value[name!] = sampleAttributeValue(attribute, schema, depth);
    return;
  }
  const child = schema.objects[attribute.objectType!]!;
  if (value[name!] === undefined) value[name!] = minimalObject(child, schema, depth + 1);
  setPath(value[name!] as Record<string, unknown>, child, rest, schema, depth + 1);
}

/** A minimal valid event of a class, with its ids, `metadata.version` and `time`. */
export function minimalEvent(
  className: string,
  schema: OcsfSchemaMetadata = ocsfSchema180,
): Record<string, unknown> {
  const metadata = schema.classes[className]!;
  const event = minimalObject(metadata, schema);
  const activityIds = Object.keys(metadata.activities).map(Number);
  const activityId = activityIds.includes(1) ? 1 : activityIds[0]!;
  event['class_uid'] = metadata.uid;
  event['category_uid'] = metadata.categoryUid;
  event['activity_id'] = activityId;
  event['type_uid'] = metadata.uid * 100 + activityId;
  event['severity_id'] = 1;
  event['time'] = 1767225600000;
  event['metadata'] = { ...(event['metadata'] as object), version: schema.version };
  return event;
}
