/**
 * The OCSF metadata compiled into lookup structures for fast validation, observables and
 * down-conversion. Compiled once per schema version and cached.
 */
import { ocsfSchema180 } from './generated/metadata.js';
import type {
  OcsfAttributeMetadata,
  OcsfClassMetadata,
  OcsfObjectMetadata,
  OcsfSchemaMetadata,
} from './schema-metadata.js';

/** Value kinds after resolving dictionary types to their base. */
export type ValueKind = 'string' | 'integer' | 'float' | 'boolean' | 'json' | 'object' | 'any';

/** @internal An attribute ready for validation. */
export interface CompiledAttribute {
  readonly name: string;
  readonly metadata: OcsfAttributeMetadata;
  readonly typeName: string;
  readonly kind: ValueKind;
  readonly isTimestamp: boolean;
  readonly isDatetime: boolean;
  readonly isArray: boolean;
  /** The dictionary type's regex source, as in OCSF. */
  readonly regex: string | undefined;
  /** Test of the dictionary type's regex (with a fast path for `ip_t` dotted quads). */
  readonly pattern: ((text: string) => boolean) | undefined;
  readonly maxLength: number | undefined;
  readonly range: readonly [number, number] | undefined;
  readonly enumCaptions: Readonly<Record<string, string>> | undefined;
  readonly sibling: string | undefined;
  readonly objectType: string | undefined;
  readonly profiles: readonly string[] | undefined;
  readonly requirement: 'required' | 'recommended' | 'optional';
  readonly deprecated: boolean;
  /** `class_uid`, `category_uid`, `type_uid`: checked by the class rules, not as enums. */
  readonly computed: boolean;
  /**
   * For unconstrained scalars (no regex, length, range or enum): the `typeof` a valid value
   * has, so that the validator can accept it without further checks.
   */
  readonly plainType: 'string' | 'boolean' | 'number' | undefined;
  /** Observable type id from the attribute or its dictionary type. */
  readonly observable: number | undefined;
  /** For a caption attribute (`severity`): its enum attribute (`severity_id`). */
  labelOf: CompiledAttribute | undefined;
}

/** @internal A class or object ready for validation. */
export interface CompiledObject {
  readonly name: string;
  readonly metadata: OcsfObjectMetadata;
  readonly classMetadata: OcsfClassMetadata | undefined;
  readonly attributes: ReadonlyMap<string, CompiledAttribute>;
  readonly required: readonly CompiledAttribute[];
  readonly recommended: readonly CompiledAttribute[];
  readonly siblings: readonly CompiledAttribute[];
  readonly atLeastOne: readonly string[] | undefined;
  readonly justOne: readonly string[] | undefined;
  /** `atLeastOne` / `justOne` split into path segments. */
  readonly atLeastOnePaths: readonly (readonly string[])[] | undefined;
  readonly justOnePaths: readonly (readonly string[])[] | undefined;
  readonly freeForm: boolean;
}

/** @internal A compiled schema version. */
export interface CompiledSchema {
  readonly metadata: OcsfSchemaMetadata;
  readonly classesByName: ReadonlyMap<string, CompiledObject>;
  readonly classesByUid: ReadonlyMap<number, CompiledObject>;
  readonly objects: ReadonlyMap<string, CompiledObject>;
}

/** Dotted-quad IPv4: a subset of what the OCSF `ip_t` regex accepts, tested first. */
const DOTTED_QUAD =
  /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function compilePattern(typeName: string, source: string): (text: string) => boolean {
  const regex = new RegExp(source);
  if (typeName === 'ip_t') return (text) => DOTTED_QUAD.test(text) || regex.test(text);
  return (text) => regex.test(text);
}

const COMPUTED = new Set(['class_uid', 'category_uid', 'type_uid']);

function baseKind(schema: OcsfSchemaMetadata, typeName: string): ValueKind {
  if (typeName === 'object_t') return 'object';
  const base = schema.types[typeName]?.baseType ?? typeName;
  switch (base) {
    case 'string_t':
      return 'string';
    case 'integer_t':
    case 'long_t':
      return 'integer';
    case 'float_t':
      return 'float';
    case 'boolean_t':
      return 'boolean';
    case 'json_t':
      return 'json';
    default:
      return 'any';
  }
}

function compileAttribute(
  schema: OcsfSchemaMetadata,
  name: string,
  metadata: OcsfAttributeMetadata,
): CompiledAttribute {
  const type = schema.types[metadata.type];
  const kind = baseKind(schema, metadata.type);
  const unconstrained =
    type?.regex === undefined &&
    type?.maxLength === undefined &&
    type?.range === undefined &&
    metadata.enum === undefined &&
    metadata.deprecated !== true &&
    metadata.type !== 'timestamp_t';
  const plainType: CompiledAttribute['plainType'] = !unconstrained
    ? undefined
    : kind === 'string'
      ? 'string'
      : kind === 'boolean'
        ? 'boolean'
        : kind === 'float'
          ? 'number'
          : undefined;
  const attribute: CompiledAttribute = {
    name,
    metadata,
    typeName: metadata.type,
    kind,
    isTimestamp: metadata.type === 'timestamp_t',
    isDatetime: metadata.type === 'datetime_t',
    isArray: metadata.isArray === true,
    regex: type?.regex,
    pattern: type?.regex === undefined ? undefined : compilePattern(metadata.type, type.regex),
    maxLength: type?.maxLength,
    range: type?.range,
    enumCaptions: metadata.enum,
    sibling: metadata.sibling,
    objectType: metadata.objectType,
    profiles: metadata.profiles,
    requirement: metadata.requirement ?? 'optional',
    deprecated: metadata.deprecated === true,
    computed: COMPUTED.has(name),
    observable: metadata.observable ?? type?.observable,
    labelOf: undefined,
    plainType,
  };
  return attribute;
}

function compileObject(
  schema: OcsfSchemaMetadata,
  metadata: OcsfObjectMetadata,
  classMetadata: OcsfClassMetadata | undefined,
): CompiledObject {
  const attributes = new Map<string, CompiledAttribute>();
  const required: CompiledAttribute[] = [];
  const recommended: CompiledAttribute[] = [];
  const siblings: CompiledAttribute[] = [];
  for (const name of Object.keys(metadata.attributes)) {
    const attribute = compileAttribute(schema, name, metadata.attributes[name]!);
    attributes.set(name, attribute);
    if (attribute.requirement === 'required') required.push(attribute);
    if (attribute.requirement === 'recommended') recommended.push(attribute);
    if (attribute.sibling !== undefined && attribute.enumCaptions !== undefined)
      siblings.push(attribute);
  }
  for (const attribute of siblings) {
    const label = attributes.get(attribute.sibling!);
    if (label !== undefined) label.labelOf = attribute;
  }
  return {
    name: metadata.name,
    metadata,
    classMetadata,
    attributes,
    required,
    recommended,
    siblings,
    atLeastOne: metadata.constraints?.atLeastOne,
    justOne: metadata.constraints?.justOne,
    atLeastOnePaths: metadata.constraints?.atLeastOne?.map((path) => path.split('.')),
    justOnePaths: metadata.constraints?.justOne?.map((path) => path.split('.')),
    freeForm: metadata.name === 'object',
  };
}

const cache = new WeakMap<OcsfSchemaMetadata, CompiledSchema>();

/** @internal Compiles (once) and returns the lookup structures of a schema version. */
export function compileSchema(schema: OcsfSchemaMetadata = ocsfSchema180): CompiledSchema {
  const cached = cache.get(schema);
  if (cached) return cached;
  const classesByName = new Map<string, CompiledObject>();
  const classesByUid = new Map<number, CompiledObject>();
  const objects = new Map<string, CompiledObject>();
  for (const name of Object.keys(schema.classes)) {
    const metadata = schema.classes[name]!;
    const compiled = compileObject(schema, metadata, metadata);
    classesByName.set(name, compiled);
    classesByUid.set(metadata.uid, compiled);
  }
  for (const name of Object.keys(schema.objects))
    objects.set(name, compileObject(schema, schema.objects[name]!, undefined));
  const compiled: CompiledSchema = { metadata: schema, classesByName, classesByUid, objects };
  cache.set(schema, compiled);
  return compiled;
}

/** @internal Finds a class by name (`process_activity`), caption or uid. */
export function findCompiledClass(
  schema: CompiledSchema,
  nameOrUid: string | number,
): CompiledObject | undefined {
  if (typeof nameOrUid === 'number') return schema.classesByUid.get(nameOrUid);
  const direct = schema.classesByName.get(nameOrUid);
  if (direct) return direct;
  if (/^\d+$/.test(nameOrUid)) return schema.classesByUid.get(Number(nameOrUid));
  const wanted = nameOrUid.toLowerCase().replace(/[\s-]+/g, '_');
  for (const compiled of schema.classesByName.values())
    if (
      compiled.name === wanted ||
      compiled.metadata.caption.toLowerCase().replace(/[\s-]+/g, '_') === wanted ||
      compiled.name.replace(/_/g, '') === wanted.replace(/_/g, '')
    )
      return compiled;
  return undefined;
}
