/**
 * JSON Schema (draft 2020-12) export of OCSF event classes, built from the same metadata as
 * the validator: an event valid for the validator (with the same profiles) is valid for the
 * schema, and structural errors are rejected by both.
 */
import { type CompiledAttribute, compileSchema, findCompiledClass } from './compiled-schema.js';
import { ocsfSchema180 } from './generated/metadata.js';
import { OcsfValidationError } from './issues.js';
import type { OcsfObjectMetadata, OcsfSchemaMetadata } from './schema-metadata.js';

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = { [keyword: string]: unknown };

/** Options of {@link ocsfJsonSchema}. */
export interface OcsfJsonSchemaOptions {
  /**
   * Profiles whose attributes are part of the schema (as if named in `metadata.profiles`).
   * Default: none, so profile attributes are rejected, like the strict validator does.
   */
  profiles?: readonly string[];
  /** Schema metadata. Default OCSF 1.8.0. */
  schema?: OcsfSchemaMetadata;
}

/**
 * The JSON Schema (draft 2020-12) of an OCSF event class, by name (`process_activity`) or
 * uid (`1007`). Objects are shared under `$defs` (recursion through `$ref`); unknown
 * attributes are rejected (`additionalProperties: false`); `class_uid` and `category_uid`
 * are constants and `type_uid` is one of the class's type ids. Rules that need more than one
 * attribute at a time (sibling captions, `type_uid` = `class_uid * 100 + activity_id`) are
 * checked by {@link validateOcsfEvent} only.
 *
 * @throws {@link OcsfValidationError} (`class_uid_unknown`) for an unknown class.
 */
export function ocsfJsonSchema(
  classNameOrUid: string | number,
  options: OcsfJsonSchemaOptions = {},
): JsonSchema {
  const schema = compileSchema(options.schema ?? ocsfSchema180);
  const compiled = findCompiledClass(schema, classNameOrUid);
  if (compiled === undefined || compiled.classMetadata === undefined)
    throw new OcsfValidationError('class', [
      { path: '', rule: 'class_uid_unknown', message: `unknown class ${String(classNameOrUid)}` },
    ]);
  const classMetadata = compiled.classMetadata;
  const profiles = new Set(options.profiles ?? []);
  const definitions: Record<string, JsonSchema> = {};
  const pending: string[] = [];
  const reference = (objectName: string): JsonSchema => {
    if (objectName === 'object') return { type: 'object' };
    if (!(objectName in definitions) && !pending.includes(objectName)) pending.push(objectName);
    return { $ref: `#/$defs/${objectName}` };
  };
  const attributeSchema = (attribute: CompiledAttribute): JsonSchema => {
    let item: JsonSchema;
    if (attribute.kind === 'object') {
      item = reference(attribute.objectType ?? 'object');
    } else {
      item = scalarSchema(attribute);
    }
    return attribute.isArray ? { type: 'array', items: item } : item;
  };
  const objectSchema = (metadata: OcsfObjectMetadata, isClass: boolean): JsonSchema => {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const attributes = isClass
      ? compiled.attributes
      : schema.objects.get(metadata.name)!.attributes;
    for (const attribute of attributes.values()) {
      if (attribute.profiles !== undefined && !attribute.profiles.some((p) => profiles.has(p)))
        continue;
      let property = attributeSchema(attribute);
      if (isClass && attribute.name === 'class_uid') property = { const: classMetadata.uid };
      if (isClass && attribute.name === 'category_uid')
        property = { const: classMetadata.categoryUid };
      if (isClass && attribute.name === 'type_uid')
        property = {
          type: 'integer',
          enum: Object.keys(classMetadata.activities).map(
            (id) => classMetadata.uid * 100 + Number(id),
          ),
        };
      if (attribute.metadata.deprecated) property = { ...property, deprecated: true };
      properties[attribute.name] = property;
      if (attribute.requirement === 'required') required.push(attribute.name);
    }
    const result: JsonSchema = {
      type: 'object',
      title: metadata.caption,
      properties,
      additionalProperties: false,
    };
    if (required.length > 0) result['required'] = required.sort();
    const constraints: JsonSchema[] = [];
    if (metadata.constraints?.atLeastOne)
      constraints.push({ anyOf: metadata.constraints.atLeastOne.map(presence) });
    if (metadata.constraints?.justOne)
      constraints.push({ oneOf: metadata.constraints.justOne.map(presence) });
    if (constraints.length === 1) Object.assign(result, constraints[0]);
    else if (constraints.length > 1) result['allOf'] = constraints;
    return result;
  };
  const root = objectSchema(classMetadata, true);
  while (pending.length > 0) {
    const name = pending.shift()!;
    const metadata = schema.metadata.objects[name];
    if (metadata === undefined) continue;
    definitions[name] = {};
    definitions[name] = objectSchema(metadata, false);
  }
  const sortedDefinitions: Record<string, JsonSchema> = {};
  for (const name of Object.keys(definitions).sort()) sortedDefinitions[name] = definitions[name]!;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...root,
    title: `OCSF ${schema.metadata.version} ${classMetadata.caption} (class_uid ${classMetadata.uid})`,
    $defs: sortedDefinitions,
  };
}

/** `{required: [a]}`, or nested for a dotted path (`device.os.version`). */
function presence(path: string): JsonSchema {
  const [first, ...rest] = path.split('.');
  if (rest.length === 0) return { required: [first] };
  return { required: [first], properties: { [first!]: presence(rest.join('.')) } };
}

function scalarSchema(attribute: CompiledAttribute): JsonSchema {
  const result: JsonSchema = {};
  switch (attribute.kind) {
    case 'string':
      result['type'] = 'string';
      if (attribute.maxLength !== undefined) result['maxLength'] = attribute.maxLength;
      if (attribute.regex !== undefined) result['pattern'] = attribute.regex;
      break;
    case 'integer':
      result['type'] = 'integer';
      break;
    case 'float':
      result['type'] = 'number';
      break;
    case 'boolean':
      result['type'] = 'boolean';
      break;
    default:
      break;
  }
  if (attribute.range !== undefined) {
    result['minimum'] = attribute.range[0];
    result['maximum'] = attribute.range[1];
  }
  if (attribute.enumCaptions !== undefined) {
    const ids = Object.keys(attribute.enumCaptions);
    result['enum'] = attribute.kind === 'string' ? ids : ids.map(Number);
  }
  if (attribute.isTimestamp) result['description'] = 'Epoch milliseconds';
  return result;
}
