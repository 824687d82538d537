/**
 * Derivation of OCSF `observables[]` from an event, by the observable type ids the schema
 * gives to dictionary types (`ip_t` → 2), attributes (`process.cmd_line` → 13), objects
 * (`process` → 25) and class-specific paths.
 */
import { type CompiledObject, compileSchema, findCompiledClass } from './compiled-schema.js';
import { ocsfSchema180 } from './generated/metadata.js';
import type { OcsfSchemaMetadata } from './schema-metadata.js';

/** One OCSF observable: what kind of value was seen where. */
export interface OcsfObservable {
  /** Observable type id (`2` IP Address, `13` Command Line, …). */
  type_id: number;
  /** Caption of `type_id`. */
  type: string;
  /** Attribute path in the event, without array indices: `process.file.name`. */
  name: string;
  /** The value as a string (absent for object observables). */
  value?: string;
}

/** Options of {@link deriveObservables}. */
export interface DeriveObservablesOptions {
  /** Also list objects that are observables as a whole (`process`, `file`, …), without value. */
  includeObjects?: boolean;
  /** Deepest nesting followed. Default 10. */
  maxDepth?: number;
  /** Schema metadata. Default OCSF 1.8.0. */
  schema?: OcsfSchemaMetadata;
}

const SKIPPED = new Set(['observables', 'unmapped', 'raw_data', 'xattributes']);

/**
 * Derives the `observables[]` of an event from the schema's observable ids. The event's own
 * `observables` are not read. Duplicates (same type, name and value) are listed once.
 *
 * @example
 * ```ts
 * const observables = deriveObservables(event);
 * // [{ type_id: 1, type: 'Hostname', name: 'device.hostname', value: 'ws-01' }, …]
 * const enriched = { ...event, observables };
 * ```
 */
export function deriveObservables(
  event: unknown,
  options: DeriveObservablesOptions = {},
): OcsfObservable[] {
  const schema = compileSchema(options.schema ?? ocsfSchema180);
  if (typeof event !== 'object' || event === null) return [];
  const record = event as Record<string, unknown>;
  const classUid = record['class_uid'];
  const compiled = typeof classUid === 'number' ? findCompiledClass(schema, classUid) : undefined;
  if (compiled === undefined) return [];
  const observables: OcsfObservable[] = [];
  const seen = new Set<string>();
  const captions = schema.metadata.observableTypes;
  const add = (typeId: number, name: string, value: unknown): void => {
    const text = value === undefined ? undefined : String(value);
    const key = `${typeId}\u0000${name}\u0000${text ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const observable: OcsfObservable = { type_id: typeId, type: captions[typeId] ?? 'Other', name };
    if (text !== undefined) observable.value = text;
    observables.push(observable);
  };
  const visit = (
    object: CompiledObject,
    value: Record<string, unknown>,
    path: string,
    depth: number,
  ): void => {
    if (depth > (options.maxDepth ?? 10)) return;
    for (const name in value) {
      if (SKIPPED.has(name)) continue;
      const attribute = object.attributes.get(name);
      const raw = value[name];
      if (attribute === undefined || raw === undefined || raw === null) continue;
      const attributePath = path === '' ? name : `${path}.${name}`;
      const items = Array.isArray(raw) ? raw : [raw];
      if (attribute.kind === 'object') {
        const target = schema.objects.get(attribute.objectType ?? 'object');
        if (target === undefined || target.freeForm) continue;
        for (const item of items) {
          if (typeof item !== 'object' || item === null) continue;
          if (options.includeObjects && target.metadata.observable !== undefined)
            add(target.metadata.observable, attributePath, undefined);
          visit(target, item as Record<string, unknown>, attributePath, depth + 1);
        }
      } else if (attribute.observable !== undefined) {
        for (const item of items)
          if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
            add(attribute.observable, attributePath, item);
      }
    }
  };
  visit(compiled, record, '', 0);
  const classObservables = compiled.classMetadata?.observables;
  if (classObservables !== undefined) {
    for (const [path, typeId] of Object.entries(classObservables)) {
      let current: unknown = record;
      for (const part of path.split('.')) {
        current =
          typeof current === 'object' && current !== null
            ? (current as Record<string, unknown>)[part]
            : undefined;
      }
      if (typeof current === 'string' || typeof current === 'number') add(typeId, path, current);
    }
  }
  return observables;
}
