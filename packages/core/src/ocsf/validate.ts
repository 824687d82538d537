/**
 * Validation of OCSF events against the runtime metadata: a compiled, allocation-light walk
 * that checks everything the zod schemas check plus the rules that need the whole event
 * (profiles named in `metadata.profiles`, `class_uid` / `category_uid` / `type_uid`).
 */

import {
  type Checked,
  coerce,
  coerceDatetimeText,
  coerceObjectText,
  findIdByCaption,
  INTEGER_TEXT,
  INVALID,
  SECONDS_LIMIT,
} from './coerce.js';
import {
  type CompiledAttribute,
  type CompiledObject,
  type CompiledSchema,
  compileSchema,
  findCompiledClass,
} from './compiled-schema.js';
import type { OcsfEvent } from './generated/class-map.js';
import { ocsfSchema180 } from './generated/metadata.js';
import { type OcsfIssue, type OcsfRule, OcsfValidationError } from './issues.js';
import type { OcsfClassMetadata, OcsfSchemaMetadata } from './schema-metadata.js';

/** The OCSF version this package is generated from. */
export const OCSF_VERSION = '1.8.0';

/**
 * How strictly to validate.
 * - `strict`: required attributes, types, enums, constraints and profiles are enforced;
 *   unknown attributes are errors.
 * - `lenient`: tolerant ingest of events from other producers. An event whose class is known
 *   is accepted (`ok`) with warnings, each with its path: values are coerced where the intent is
 *   clear (numeric strings, ISO times, epoch seconds, `"true"`, enum captions, JSON text for an
 *   object); what cannot be coerced — an unknown or profile-gated attribute, a value of the wrong
 *   type, outside its enum, range, length or regex — is moved to `unmapped` under its path;
 *   missing required attributes and unmet `at_least_one` / `just_one` constraints are reported;
 *   `category_uid`, `type_uid` and captions are computed or replaced; a missing `class_uid` is
 *   taken from `type_uid` or `class_name`. Errors remain only for a non-object, an event whose
 *   class is unknown or named nowhere, or a `class_uid` that contradicts the `class` option.
 */
export type OcsfValidationMode = 'strict' | 'lenient';

/** Options of {@link validateOcsfEvent}. */
export interface OcsfValidateOptions {
  /** `strict` (default) or `lenient`. */
  mode?: OcsfValidationMode;
  /** Profiles enabled in addition to the ones named in `metadata.profiles`. */
  profiles?: readonly string[];
  /** Validate as this class (name or uid) instead of reading `class_uid`. */
  class?: string | number;
  /** Warn about missing recommended attributes. Default `false`. */
  warnRecommended?: boolean;
  /** Deepest nesting accepted (recursive objects such as `process.parent_process`). Default 32. */
  maxDepth?: number;
  /** Schema metadata to validate against. Default OCSF 1.8.0. */
  schema?: OcsfSchemaMetadata;
}

/** Result of {@link validateOcsfEvent}. */
export interface OcsfValidationResult<T = OcsfEvent> {
  /** No errors. */
  readonly ok: boolean;
  /**
   * The normalised event: a copy with sibling captions filled, and in lenient mode with
   * coercions applied and what it could not keep moved to `unmapped`. The input is never mutated.
   */
  readonly event: T;
  /** `class_uid` of the class validated against, when known. */
  readonly class_uid: number | undefined;
  /** `type_uid` of the event, when known. */
  readonly type_uid: number | undefined;
  /** Errors (empty when `ok`). */
  readonly errors: OcsfIssue[];
  /**
   * Warnings: in lenient mode every repair (`coerced`, `moved_to_unmapped`, `null_removed`,
   * `computed`, a replaced `sibling_mismatch`…) and every rule tolerated (`required_missing`,
   * `constraint_at_least_one`…); deprecations, version mismatches.
   */
  readonly warnings: OcsfIssue[];
}

interface Context {
  readonly lenient: boolean;
  readonly profiles: ReadonlySet<string>;
  readonly errors: OcsfIssue[];
  readonly warnings: OcsfIssue[];
  readonly warnRecommended: boolean;
  readonly maxDepth: number;
  readonly schema: CompiledSchema;
  unmapped: Record<string, unknown> | undefined;
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function issue(context: Context, path: string, rule: OcsfRule, message: string): void {
  context.errors.push({ path, rule, message });
}

function warn(context: Context, path: string, rule: OcsfRule, message: string): void {
  context.warnings.push({ path, rule, message });
}

/** Marker: in lenient mode the value was moved to `unmapped`; the caller removes it. */
const MOVED: unique symbol = Symbol('moved');

/**
 * A value that breaks `rule` and cannot be coerced: an error in strict mode; in lenient mode it
 * is moved to `unmapped` under its path, with a warning saying why.
 */
function reject(
  context: Context,
  path: string,
  rule: OcsfRule,
  message: string,
  value: unknown,
): typeof INVALID | typeof MOVED {
  if (!context.lenient) {
    issue(context, path, rule, message);
    return INVALID;
  }
  moveToUnmapped(context, path, value);
  warn(context, path, 'moved_to_unmapped', `${message}; moved to unmapped`);
  return MOVED;
}

/** A requirement or constraint not met: an error in strict mode, a warning in lenient mode. */
function unmet(context: Context, path: string, rule: OcsfRule, message: string): void {
  (context.lenient ? context.warnings : context.errors).push({ path, rule, message });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeMismatchMessage(attribute: CompiledAttribute, value: unknown): string {
  const expected =
    attribute.kind === 'object'
      ? `object ${attribute.objectType ?? ''}`.trim()
      : attribute.isTimestamp
        ? 'integer (timestamp_t, epoch milliseconds)'
        : `${attribute.kind} (${attribute.typeName})`;
  return `expected ${expected}, got ${describe(value)}`;
}

/** Checks one scalar (non-object) value; returns it (possibly coerced) or `INVALID`. */
function checkScalar(
  context: Context,
  attribute: CompiledAttribute,
  value: unknown,
  path: string,
): Checked {
  const original = value;
  let ok: boolean;
  switch (attribute.kind) {
    case 'string':
      ok = typeof value === 'string';
      break;
    case 'integer':
      ok = typeof value === 'number' && Number.isInteger(value);
      break;
    case 'float':
      ok = typeof value === 'number' && Number.isFinite(value);
      break;
    case 'boolean':
      ok = typeof value === 'boolean';
      break;
    default:
      ok = value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
  }
  if (!ok) {
    const coerced = context.lenient ? coerce(attribute, value) : INVALID;
    if (coerced === INVALID)
      return reject(context, path, 'type_mismatch', typeMismatchMessage(attribute, value), value);
    warn(
      context,
      path,
      'coerced',
      `coerced ${describe(value)} to ${attribute.kind} (${attribute.typeName})`,
    );
    value = coerced;
  }
  if (
    attribute.isTimestamp &&
    context.lenient &&
    value !== 0 &&
    Math.abs(value as number) < SECONDS_LIMIT
  ) {
    warn(context, path, 'coerced', 'epoch seconds converted to milliseconds (timestamp_t)');
    value = (value as number) * 1000;
  }
  if (attribute.kind === 'string') {
    const text = value as string;
    if (attribute.maxLength !== undefined && text.length > attribute.maxLength) {
      return reject(
        context,
        path,
        'max_length_exceeded',
        `longer than ${attribute.maxLength} characters (${attribute.typeName})`,
        original,
      );
    }
    if (attribute.pattern !== undefined && !attribute.pattern(text)) {
      const repaired = context.lenient && attribute.isDatetime ? coerceDatetimeText(text) : INVALID;
      if (repaired !== INVALID && attribute.pattern(repaired as string)) {
        warn(
          context,
          path,
          'coerced',
          `date and time converted to RFC 3339 (${attribute.typeName})`,
        );
        return repaired;
      }
      return reject(context, path, 'regex_mismatch', `not a valid ${attribute.typeName}`, original);
    }
  } else if (attribute.range !== undefined) {
    const number = value as number;
    if (number < attribute.range[0] || number > attribute.range[1]) {
      return reject(
        context,
        path,
        'range_exceeded',
        `outside ${attribute.range[0]}..${attribute.range[1]} (${attribute.typeName})`,
        original,
      );
    }
  }
  if (attribute.enumCaptions !== undefined && !attribute.computed) {
    if (attribute.enumCaptions[value as string] === undefined) {
      if (context.lenient && attribute.sibling !== undefined && attribute.enumCaptions[99]) {
        warn(context, path, 'enum_value_unknown', 'value not in the enum; set to 99 (Other)');
        return OTHER;
      }
      return reject(
        context,
        path,
        'enum_value_unknown',
        `not one of ${enumList(attribute.enumCaptions)}`,
        original,
      );
    }
  }
  return value;
}

function enumList(captions: Readonly<Record<string, string>>): string {
  const ids = Object.keys(captions);
  return ids.length > 12
    ? `${ids.slice(0, 12).join(', ')}, … ${ids[ids.length - 1]}`
    : ids.join(', ');
}

/** Marker: a lenient enum repair to 99 whose original value becomes the sibling label. */
const OTHER: unique symbol = Symbol('other');

function checkValue(
  context: Context,
  attribute: CompiledAttribute,
  value: unknown,
  path: string,
  depth: number,
): Checked {
  if (attribute.kind === 'object') {
    let object: Record<string, unknown>;
    if (isPlainObject(value)) {
      object = value;
    } else {
      const parsed = context.lenient ? coerceObjectText(value) : INVALID;
      if (parsed === INVALID)
        return reject(context, path, 'type_mismatch', typeMismatchMessage(attribute, value), value);
      warn(context, path, 'coerced', `JSON text parsed to object ${attribute.objectType ?? ''}`);
      object = parsed as Record<string, unknown>;
    }
    const target = context.schema.objects.get(attribute.objectType ?? 'object');
    if (target === undefined || target.freeForm) return object;
    return walkObject(context, target, object, path, depth + 1);
  }
  return checkScalar(context, attribute, value, path);
}

function moveToUnmapped(context: Context, path: string, value: unknown): void {
  if (context.unmapped === undefined) context.unmapped = {};
  context.unmapped[path] = value;
}

/**
 * Validates one class or object. Returns `value` itself when nothing had to change, otherwise
 * a copy with the changes (copy on write: the input is never mutated).
 */
function walkObject(
  context: Context,
  compiled: CompiledObject,
  value: Record<string, unknown>,
  path: string,
  depth: number,
): Record<string, unknown> | typeof INVALID | typeof MOVED {
  if (depth > context.maxDepth)
    return reject(
      context,
      path,
      'depth_exceeded',
      `nested deeper than ${context.maxDepth} levels`,
      value,
    );
  let output: Record<string, unknown> | undefined;
  let enumsSeen: CompiledAttribute[] | undefined;
  for (const name in value) {
    const raw = value[name];
    if (raw === undefined) continue;
    const attribute = compiled.attributes.get(name);
    // fast path: an ungated, unconstrained scalar of the right type needs nothing else
    if (
      attribute !== undefined &&
      attribute.plainType !== undefined &&
      typeof raw === attribute.plainType &&
      attribute.profiles === undefined &&
      !attribute.isArray
    ) {
      if (
        context.lenient &&
        attribute.labelOf !== undefined &&
        value[attribute.labelOf.name] === undefined
      ) {
        if (enumsSeen === undefined) enumsSeen = [attribute.labelOf];
        else enumsSeen.push(attribute.labelOf);
      }
      continue;
    }
    if (attribute === undefined) {
      const attributePath = join(path, name);
      if (context.lenient) {
        moveToUnmapped(context, attributePath, raw);
        warn(context, attributePath, 'moved_to_unmapped', `not an attribute of ${compiled.name}`);
        output ??= Object.assign({}, value);
        delete output[name];
      } else {
        issue(context, attributePath, 'unknown_attribute', `not an attribute of ${compiled.name}`);
      }
      continue;
    }
    if (attribute.profiles !== undefined && !profileEnabled(context, attribute.profiles)) {
      const attributePath = join(path, name);
      const message = `needs profile ${attribute.profiles.join(' or ')} in metadata.profiles`;
      if (context.lenient) {
        moveToUnmapped(context, attributePath, raw);
        warn(context, attributePath, 'moved_to_unmapped', message);
        output ??= Object.assign({}, value);
        delete output[name];
      } else {
        issue(context, attributePath, 'profile_not_enabled', message);
      }
      continue;
    }
    if (attribute.deprecated)
      warn(context, join(path, name), 'deprecated', `${name} is deprecated in OCSF`);
    if (raw === null) {
      if (context.lenient) {
        warn(context, join(path, name), 'null_removed', 'null removed');
        output ??= Object.assign({}, value);
        delete output[name];
      } else {
        issue(context, join(path, name), 'type_mismatch', typeMismatchMessage(attribute, raw));
      }
      continue;
    }
    let checked: Checked;
    if (attribute.isArray) {
      checked = checkArray(context, attribute, raw, join(path, name), depth);
    } else if (Array.isArray(raw)) {
      if (context.lenient && raw.length === 1) {
        warn(context, join(path, name), 'coerced', 'single-element array unwrapped');
        checked = checkValue(context, attribute, raw[0], join(path, name), depth);
      } else {
        const message = 'expected a single value, got array';
        checked = reject(context, join(path, name), 'scalar_expected', message, raw);
      }
    } else if (attribute.kind === 'object') {
      checked = checkValue(context, attribute, raw, join(path, name), depth);
    } else {
      checked = checkScalar(context, attribute, raw, path === '' ? name : `${path}.${name}`);
    }
    if (checked === INVALID) continue;
    if (checked === MOVED) {
      output ??= Object.assign({}, value);
      delete output[name];
      continue;
    }
    if (attribute.sibling !== undefined && attribute.enumCaptions !== undefined) {
      if (enumsSeen === undefined) enumsSeen = [attribute];
      else enumsSeen.push(attribute);
    } else if (
      context.lenient &&
      attribute.labelOf !== undefined &&
      value[attribute.labelOf.name] === undefined
    ) {
      if (enumsSeen === undefined) enumsSeen = [attribute.labelOf];
      else enumsSeen.push(attribute.labelOf);
    }
    if (checked === OTHER) {
      output ??= Object.assign({}, value);
      output[name] = 99;
      const sibling = attribute.sibling;
      if (sibling !== undefined && value[sibling] === undefined) output[sibling] = String(raw);
      continue;
    }
    if (checked !== raw) {
      output ??= Object.assign({}, value);
      output[name] = checked;
    }
  }
  if (enumsSeen !== undefined) {
    const fills = fillSiblings(context, enumsSeen, output ?? value, path);
    if (fills !== undefined) output = Object.assign(output ?? Object.assign({}, value), fills);
  }
  const current = output ?? value;
  for (const attribute of compiled.required) {
    if (current[attribute.name] !== undefined) continue;
    if (attribute.profiles !== undefined && !profileEnabled(context, attribute.profiles)) continue;
    if (attribute.computed && compiled.classMetadata !== undefined) continue;
    unmet(context, join(path, attribute.name), 'required_missing', `required by ${compiled.name}`);
  }
  if (context.warnRecommended) {
    for (const attribute of compiled.recommended) {
      if (current[attribute.name] !== undefined) continue;
      if (attribute.profiles !== undefined && !profileEnabled(context, attribute.profiles))
        continue;
      warn(
        context,
        join(path, attribute.name),
        'recommended_missing',
        `recommended by ${compiled.name}`,
      );
    }
  }
  if (compiled.atLeastOnePaths !== undefined && compiled.atLeastOne !== undefined) {
    let present = 0;
    for (const parts of compiled.atLeastOnePaths)
      if (readPath(current, parts) !== undefined) {
        present++;
        break;
      }
    if (present === 0)
      unmet(
        context,
        path,
        'constraint_at_least_one',
        `at least one of ${compiled.atLeastOne.join(', ')} is required`,
      );
  }
  if (compiled.justOnePaths !== undefined && compiled.justOne !== undefined) {
    let present = 0;
    for (const parts of compiled.justOnePaths)
      if (readPath(current, parts) !== undefined) present++;
    if (present !== 1)
      unmet(
        context,
        path,
        'constraint_just_one',
        `exactly one of ${compiled.justOne.join(', ')} is required (${present} given)`,
      );
  }
  return current;
}

function readPath(value: Record<string, unknown>, parts: readonly string[]): unknown {
  if (parts.length === 1) return value[parts[0]!];
  let current: unknown = value;
  for (const part of parts) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

function profileEnabled(context: Context, profiles: readonly string[]): boolean {
  for (const profile of profiles) if (context.profiles.has(profile)) return true;
  return false;
}

function checkArray(
  context: Context,
  attribute: CompiledAttribute,
  raw: unknown,
  path: string,
  depth: number,
): Checked {
  if (!Array.isArray(raw)) {
    if (!context.lenient) {
      issue(context, path, 'array_expected', `expected an array of ${attribute.typeName}`);
      return INVALID;
    }
    warn(context, path, 'coerced', 'single value wrapped in an array');
    return checkArray(context, attribute, [raw], path, depth) as unknown[];
  }
  const items = raw as unknown[];
  let output: unknown[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const itemPath = `${path}[${index}]`;
    if (item === null || item === undefined) {
      if (context.lenient) {
        warn(context, itemPath, 'null_removed', 'null removed');
        output ??= items.slice(0, index);
      } else {
        issue(context, itemPath, 'type_mismatch', typeMismatchMessage(attribute, item));
        output?.push(item);
      }
      continue;
    }
    const checked = checkValue(context, attribute, item, itemPath, depth);
    if (checked === INVALID) {
      output?.push(item);
      continue;
    }
    if (checked === MOVED) {
      output ??= items.slice(0, index);
      continue;
    }
    const next = checked === OTHER ? 99 : checked;
    if (output === undefined && next !== item) output = items.slice(0, index);
    output?.push(next);
  }
  return output ?? items;
}

/** Caption siblings to set (or `undefined` when none): fills and lenient repairs. */
function fillSiblings(
  context: Context,
  enums: readonly CompiledAttribute[],
  current: Record<string, unknown>,
  path: string,
): Record<string, unknown> | undefined {
  let fills: Record<string, unknown> | undefined;
  for (const attribute of enums) {
    if (attribute.computed) continue; // class_name, category_name, type_name: see fillClassNames
    const sibling = attribute.sibling!;
    const captions = attribute.enumCaptions!;
    let id = current[attribute.name];
    const label = current[sibling];
    if (id === undefined) {
      if (!context.lenient || typeof label !== 'string') continue;
      const found = findIdByCaption(captions, label);
      if (found === undefined) continue;
      id = found;
      fills ??= {};
      fills[attribute.name] = found;
      warn(
        context,
        join(path, attribute.name),
        'computed',
        `set from ${sibling} caption '${captions[found]}'`,
      );
    }
    if (Array.isArray(id)) {
      const fill = arraySiblingCaptions(context, attribute, id, label, path);
      if (fill !== undefined) {
        fills ??= {};
        fills[sibling] = fill;
      }
      continue;
    }
    if (id === 99) continue;
    const caption = captions[id as number];
    if (caption === undefined) continue;
    if (label === undefined) {
      fills ??= {};
      fills[sibling] = caption;
    } else if (label !== caption) {
      const message = `must be '${caption}' for ${attribute.name} ${String(id)}`;
      if (context.lenient) {
        warn(context, join(path, sibling), 'sibling_mismatch', `${message}; replaced`);
        fills ??= {};
        fills[sibling] = caption;
      } else {
        issue(context, join(path, sibling), 'sibling_mismatch', message);
      }
    }
  }
  return fills;
}

/**
 * Sibling captions of an array enum (`classification_ids` ↔ `classifications`): the label array
 * holds the caption of each id, position by position; an id of 99 (Other) keeps the source label
 * given at its position. Returns the array to set, or `undefined` when the given one is right.
 */
function arraySiblingCaptions(
  context: Context,
  attribute: CompiledAttribute,
  ids: readonly unknown[],
  label: unknown,
  path: string,
): unknown[] | undefined {
  const sibling = attribute.sibling!;
  const captions = attribute.enumCaptions!;
  const given = Array.isArray(label) ? (label as unknown[]) : undefined;
  const expected = ids.map((id, index) => {
    if (id === 99) return given?.[index] ?? captions[99] ?? 'Other';
    return typeof id === 'number' ? (captions[id] ?? given?.[index]) : given?.[index];
  });
  if (label === undefined) return expected;
  const matches =
    given !== undefined &&
    given.length === expected.length &&
    given.every((value, index) => value === expected[index]);
  if (matches) return undefined;
  const message = `must be ${JSON.stringify(expected)} for ${attribute.name} ${JSON.stringify(ids)}`;
  if (context.lenient) {
    warn(context, join(path, sibling), 'sibling_mismatch', `${message}; replaced`);
    return expected;
  }
  issue(context, join(path, sibling), 'sibling_mismatch', message);
  return undefined;
}

function readProfiles(
  context: { errors: OcsfIssue[]; warnings: OcsfIssue[] },
  schema: CompiledSchema,
  event: Record<string, unknown>,
  extra: readonly string[] | undefined,
  lenient: boolean,
): Set<string> {
  const profiles = new Set<string>(extra ?? []);
  const metadata = event['metadata'];
  const named = isPlainObject(metadata) ? metadata['profiles'] : undefined;
  if (Array.isArray(named)) {
    named.forEach((profile, index) => {
      if (typeof profile !== 'string') return;
      if (schema.metadata.profiles[profile] === undefined) {
        const entry: OcsfIssue = {
          path: `metadata.profiles[${index}]`,
          rule: 'profile_unknown',
          message: `unknown profile (OCSF ${schema.metadata.version})`,
        };
        (lenient ? context.warnings : context.errors).push(entry);
      }
      profiles.add(profile);
    });
  }
  return profiles;
}

/**
 * Validates an OCSF event of any class.
 *
 * @example
 * ```ts
 * const result = validateOcsfEvent(event, { mode: 'lenient' });
 * if (!result.ok) deadLetter(event, result.errors);
 * ```
 */
export function validateOcsfEvent<T = OcsfEvent>(
  event: unknown,
  options: OcsfValidateOptions = {},
): OcsfValidationResult<T> {
  const schema = compileSchema(options.schema ?? ocsfSchema180);
  const lenient = options.mode === 'lenient';
  const errors: OcsfIssue[] = [];
  const warnings: OcsfIssue[] = [];
  if (!isPlainObject(event)) {
    errors.push({
      path: '',
      rule: 'type_mismatch',
      message: `expected object, got ${describe(event)}`,
    });
    return {
      ok: false,
      event: event as T,
      class_uid: undefined,
      type_uid: undefined,
      errors,
      warnings,
    };
  }
  // Class
  let classUid: unknown = event['class_uid'];
  if (lenient && typeof classUid === 'string' && INTEGER_TEXT.test(classUid)) {
    classUid = Number(classUid); // the walk reports the coercion
  }
  let compiled: CompiledObject | undefined;
  if (options.class !== undefined) {
    compiled = findCompiledClass(schema, options.class);
    if (compiled === undefined) {
      errors.push({
        path: '',
        rule: 'class_uid_unknown',
        message: `unknown class ${String(options.class)}`,
      });
    } else if (classUid === undefined && !lenient) {
      errors.push({
        path: 'class_uid',
        rule: 'required_missing',
        message: 'class_uid is required',
      });
    } else if (classUid !== undefined && classUid !== compiled.classMetadata!.uid) {
      errors.push({
        path: 'class_uid',
        rule: 'class_uid_mismatch',
        message: `must be ${compiled.classMetadata!.uid} for ${compiled.name}`,
      });
    }
  } else if (typeof classUid === 'number') {
    compiled = schema.classesByUid.get(classUid);
    if (compiled === undefined)
      errors.push({
        path: 'class_uid',
        rule: 'class_uid_unknown',
        message: `no class with this uid in OCSF ${schema.metadata.version}`,
      });
  } else {
    const inferred = lenient ? inferClass(schema, event) : undefined;
    if (inferred !== undefined) {
      compiled = inferred.compiled;
      warnings.push({ path: 'class_uid', rule: 'computed', message: `set from ${inferred.from}` });
    } else {
      errors.push({
        path: 'class_uid',
        rule: classUid === undefined ? 'required_missing' : 'type_mismatch',
        message: classUid === undefined ? 'class_uid is required' : 'expected integer class_uid',
      });
    }
  }
  if (compiled === undefined) {
    return {
      ok: false,
      event: event as T,
      class_uid: undefined,
      type_uid: undefined,
      errors,
      warnings,
    };
  }
  const classMetadata = compiled.classMetadata!;
  const context: Context = {
    lenient,
    profiles: readProfiles({ errors, warnings }, schema, event, options.profiles, lenient),
    errors,
    warnings,
    warnRecommended: options.warnRecommended === true,
    maxDepth: options.maxDepth ?? 32,
    schema,
    unmapped: undefined,
  };
  const walked = walkObject(context, compiled, event, '', 0);
  const root: RootOutput = {
    original: event,
    value: walked === INVALID || walked === MOVED ? event : walked,
  };
  if (lenient && root.value['class_uid'] !== classMetadata.uid)
    setRoot(root, 'class_uid', classMetadata.uid);

  // category_uid
  const category = root.value['category_uid'];
  if (category === undefined) {
    if (lenient) {
      setRoot(root, 'category_uid', classMetadata.categoryUid);
      warnings.push({ path: 'category_uid', rule: 'computed', message: 'computed from class_uid' });
    } else {
      errors.push({
        path: 'category_uid',
        rule: 'required_missing',
        message: `required (${classMetadata.categoryUid})`,
      });
    }
  } else if (category !== classMetadata.categoryUid) {
    const message = `must be ${classMetadata.categoryUid} for class ${classMetadata.uid}`;
    if (lenient) {
      setRoot(root, 'category_uid', classMetadata.categoryUid);
      warnings.push({
        path: 'category_uid',
        rule: 'category_uid_mismatch',
        message: `${message}; replaced`,
      });
    } else {
      errors.push({ path: 'category_uid', rule: 'category_uid_mismatch', message });
    }
  }
  // type_uid
  const activityId = root.value['activity_id'];
  const givenTypeUid = root.value['type_uid'];
  let typeUid: number | undefined;
  if (typeof activityId === 'number') {
    const expected = classMetadata.uid * 100 + activityId;
    if (givenTypeUid === undefined) {
      if (lenient) {
        setRoot(root, 'type_uid', expected);
        warnings.push({
          path: 'type_uid',
          rule: 'computed',
          message: 'computed from class_uid and activity_id',
        });
        typeUid = expected;
      } else {
        errors.push({
          path: 'type_uid',
          rule: 'required_missing',
          message: `required (${expected})`,
        });
      }
    } else if (givenTypeUid !== expected) {
      const message = `must be ${expected} (class_uid * 100 + activity_id)`;
      if (lenient) {
        setRoot(root, 'type_uid', expected);
        warnings.push({
          path: 'type_uid',
          rule: 'type_uid_mismatch',
          message: `${message}; replaced`,
        });
        typeUid = expected;
      } else {
        errors.push({ path: 'type_uid', rule: 'type_uid_mismatch', message });
        typeUid = typeof givenTypeUid === 'number' ? givenTypeUid : undefined;
      }
    } else {
      typeUid = expected;
    }
  } else if (typeof givenTypeUid === 'number') {
    typeUid = givenTypeUid;
  }
  fillClassNames(context, classMetadata, root, typeUid);

  // metadata.version
  const metadata = root.value['metadata'];
  if (isPlainObject(metadata) && typeof metadata['version'] === 'string') {
    const version = metadata['version'];
    if (version !== schema.metadata.version)
      warnings.push({
        path: 'metadata.version',
        rule: 'version_mismatch',
        message: `event is OCSF ${version}, validated against ${schema.metadata.version}`,
      });
  }
  if (context.unmapped !== undefined) {
    setRoot(root, 'unmapped', mergeUnmapped(root.value['unmapped'], context.unmapped));
  }
  return {
    ok: errors.length === 0,
    event: root.value as T,
    class_uid: classMetadata.uid,
    type_uid: typeUid,
    errors,
    warnings,
  };
}

/**
 * Lenient: the class of an event whose `class_uid` is missing or not a number, from what else
 * names it — `class_uid` given as the class's name or caption, `type_uid`
 * (`class_uid * 100 + activity_id`), or `class_name`; `undefined` when none names a known class.
 */
function inferClass(
  schema: CompiledSchema,
  event: Record<string, unknown>,
): { compiled: CompiledObject; from: string } | undefined {
  const classUid = event['class_uid'];
  if (typeof classUid === 'string') {
    const compiled = findCompiledClass(schema, classUid);
    if (compiled !== undefined) return { compiled, from: 'the class name given as class_uid' };
  }
  const typeUid = event['type_uid'];
  const typeNumber =
    typeof typeUid === 'number'
      ? typeUid
      : typeof typeUid === 'string' && INTEGER_TEXT.test(typeUid)
        ? Number(typeUid)
        : undefined;
  if (typeNumber !== undefined && Number.isInteger(typeNumber)) {
    const compiled = schema.classesByUid.get(Math.floor(typeNumber / 100));
    if (compiled !== undefined) return { compiled, from: 'type_uid' };
  }
  const className = event['class_name'];
  if (typeof className === 'string') {
    const compiled = findCompiledClass(schema, className);
    if (compiled !== undefined) return { compiled, from: 'class_name' };
  }
  return undefined;
}

/**
 * The event's own `unmapped` with the moved attributes added under their paths; a path the
 * producer already used as a key gets a `#2`, `#3`… suffix so that nothing is overwritten.
 */
function mergeUnmapped(
  existing: unknown,
  moved: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = isPlainObject(existing) ? { ...existing } : {};
  for (const path of Object.keys(moved)) {
    let key = path;
    for (let n = 2; key in merged; n++) key = `${path}#${n}`;
    merged[key] = moved[path];
  }
  return merged;
}

interface RootOutput {
  readonly original: Record<string, unknown>;
  value: Record<string, unknown>;
}

function setRoot(root: RootOutput, name: string, value: unknown): void {
  if (root.value === root.original) root.value = Object.assign({}, root.original);
  root.value[name] = value;
}

function fillClassNames(
  context: Context,
  classMetadata: OcsfClassMetadata,
  root: RootOutput,
  typeUid: number | undefined,
): void {
  const activityId = root.value['activity_id'];
  const activity =
    typeof activityId === 'number' ? classMetadata.activities[activityId] : undefined;
  const typeName =
    typeUid === undefined || activity === undefined
      ? undefined
      : `${classMetadata.caption}: ${activity}`;
  const categoryName =
    classMetadata.attributes['category_uid']?.enum?.[classMetadata.categoryUid] ??
    context.schema.metadata.categories[classMetadata.category]?.caption;
  fillClassName(context, root, 'class_name', classMetadata.caption);
  fillClassName(context, root, 'category_name', categoryName);
  fillClassName(context, root, 'type_name', typeName);
}

function fillClassName(
  context: Context,
  root: RootOutput,
  name: string,
  value: string | undefined,
): void {
  if (value === undefined) return;
  const given = root.value[name];
  if (given === value) return;
  if (given === undefined) {
    setRoot(root, name, value);
  } else if (context.lenient) {
    context.warnings.push({
      path: name,
      rule: 'sibling_mismatch',
      message: `must be '${value}'; replaced`,
    });
    setRoot(root, name, value);
  } else {
    context.errors.push({ path: name, rule: 'sibling_mismatch', message: `must be '${value}'` });
  }
}

/** Validates and returns the normalised event, or throws {@link OcsfValidationError}. */
export function assertOcsfEvent<T = OcsfEvent>(
  event: unknown,
  options: OcsfValidateOptions = {},
): T {
  const result = validateOcsfEvent<T>(event, options);
  if (!result.ok) {
    const what = result.class_uid === undefined ? 'event' : `event (class_uid ${result.class_uid})`;
    throw new OcsfValidationError(what, result.errors);
  }
  return result.event;
}

/** Options of {@link validateOcsfObject}. */
export type OcsfValidateObjectOptions = Omit<OcsfValidateOptions, 'class'>;

/** Result of {@link validateOcsfObject}. */
export interface OcsfObjectValidationResult<T = Record<string, unknown>> {
  /** No errors. */
  readonly ok: boolean;
  /** The normalised object: in lenient mode with coercions applied and moved attributes removed. */
  readonly value: T;
  /**
   * In lenient mode, what was moved out of the object, by path (a standalone object has no
   * `unmapped` of its own); `undefined` when nothing was.
   */
  readonly unmapped: Record<string, unknown> | undefined;
  /** Errors. */
  readonly errors: OcsfIssue[];
  /** Warnings. */
  readonly warnings: OcsfIssue[];
}

/** Validates a standalone OCSF object (`process`, `file`, …) by name. */
export function validateOcsfObject<T = Record<string, unknown>>(
  objectName: string,
  value: unknown,
  options: OcsfValidateObjectOptions = {},
): OcsfObjectValidationResult<T> {
  const schema = compileSchema(options.schema ?? ocsfSchema180);
  const compiled = schema.objects.get(objectName);
  const errors: OcsfIssue[] = [];
  const warnings: OcsfIssue[] = [];
  if (compiled === undefined) {
    errors.push({ path: '', rule: 'unknown_attribute', message: `unknown object ${objectName}` });
    return { ok: false, value: value as T, unmapped: undefined, errors, warnings };
  }
  if (!isPlainObject(value)) {
    errors.push({
      path: '',
      rule: 'type_mismatch',
      message: `expected object, got ${describe(value)}`,
    });
    return { ok: false, value: value as T, unmapped: undefined, errors, warnings };
  }
  const context: Context = {
    lenient: options.mode === 'lenient',
    profiles: new Set(options.profiles ?? []),
    errors,
    warnings,
    warnRecommended: options.warnRecommended === true,
    maxDepth: options.maxDepth ?? 32,
    schema,
    unmapped: undefined,
  };
  const walked = compiled.freeForm ? value : walkObject(context, compiled, value, '', 0);
  return {
    ok: errors.length === 0,
    value: (walked === INVALID || walked === MOVED ? value : walked) as T,
    unmapped: context.unmapped,
    errors,
    warnings,
  };
}
