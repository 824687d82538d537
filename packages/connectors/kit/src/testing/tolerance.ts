import { OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { expect, it } from 'vitest';

/** One way a real producer deviates from the documented shape of a field. */
interface Mutation {
  readonly name: string;
  apply(value: unknown): unknown;
}

/** The deviations tried on every field: absent, null, empty, of another type, multi-valued. */
const MUTATIONS: readonly Mutation[] = [
  { name: 'removed', apply: () => undefined },
  { name: 'null', apply: () => null },
  { name: 'empty string', apply: () => '' },
  { name: 'a word', apply: () => 'unexpected' },
  { name: 'a number', apply: () => 12_345 },
  { name: 'an object', apply: () => ({ unexpected: true }) },
  {
    name: 'as a list',
    apply: (value) => (Array.isArray(value) ? value : [value, value]),
  },
  {
    name: 'number as text',
    apply: (value) => (typeof value === 'number' ? String(value) : value),
  },
];

type Path = readonly (string | number)[];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The paths of a record's fields down to `maxDepth` (objects and arrays included). */
function fieldPaths(value: unknown, maxDepth: number, prefix: Path = []): Path[] {
  if (prefix.length >= maxDepth) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.slice(0, 2).map((item, index) => [index, item])
    : isObject(value)
      ? Object.entries(value)
      : [];
  const paths: Path[] = [];
  for (const [key, child] of entries) {
    const path = [...prefix, key];
    paths.push(path, ...fieldPaths(child, maxDepth, path));
  }
  return paths;
}

/** A deep copy of `record` with the field at `path` replaced (or removed for `undefined`). */
function withField(record: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(record);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Options of {@link describeNormalizerTolerance}. */
export interface NormalizerToleranceOptions {
  /** How deep fields are mutated (1: top-level fields only). Default 3. */
  maxDepth?: number;
  /** At most this many variants per record, spread evenly over its fields. Default 400. */
  maxVariantsPerRecord?: number;
}

/**
 * Tolerance tests of a normaliser: every field of every record (to `maxDepth`) is in turn
 * removed, null, empty, a word, a number, an object, multi-valued and (for numbers) text — the
 * deviations real producers make — and each variant must either normalise to strictly valid OCSF
 * or be refused with a typed `OpenMdrError` (a `NormalizationError` naming the field), never
 * crash with a `TypeError` or emit an invalid event. What a normaliser refuses is its choice
 * (a record without its time or id); what it emits must always be valid.
 *
 * @param name - the test's name (the fixture's)
 * @param records - realistic records (the golden fixtures)
 * @param normalize - the normaliser under test, for one record: an event or a list of events
 */
export function describeNormalizerTolerance(
  name: string,
  records: readonly unknown[],
  normalize: (record: unknown) => unknown,
  options: NormalizerToleranceOptions = {},
): void {
  it(`${name}: deviating fields give valid OCSF or a typed refusal, never a crash`, () => {
    const failures: string[] = [];
    let variants = 0;
    let refused = 0;
    for (const [index, record] of records.entries()) {
      const candidates: [Path, Mutation][] = [];
      for (const path of fieldPaths(record, options.maxDepth ?? 3)) {
        for (const mutation of MUTATIONS) candidates.push([path, mutation]);
      }
      const limit = options.maxVariantsPerRecord ?? 400;
      const step = Math.max(1, candidates.length / limit);
      for (let position = 0; position < candidates.length; position += step) {
        const [path, mutation] = candidates[Math.floor(position)] as [Path, Mutation];
        let original: unknown = record;
        for (const key of path) original = (original as Record<string | number, unknown>)[key];
        const variant = withField(record, path, mutation.apply(original));
        const where = `record ${index}, ${path.join('.')} ${mutation.name}`;
        variants += 1;
        let output: unknown;
        try {
          output = normalize(variant);
        } catch (error) {
          refused += 1;
          if (!OpenMdrError.isInstance(error)) {
            failures.push(`${where}: crashed with ${String(error)}`);
          }
          continue;
        }
        for (const event of Array.isArray(output) ? output : [output]) {
          const result = validateOcsfEvent(event, { mode: 'strict' });
          if (!result.ok) {
            const first = result.errors[0];
            failures.push(`${where}: invalid OCSF (${first?.path}: ${first?.message})`);
          }
        }
      }
    }
    expect(failures.slice(0, 10), `${failures.length} of ${variants} variants failed`).toEqual([]);
    // a normaliser that refuses everything is not tolerant
    expect(refused, `${refused} of ${variants} variants refused`).toBeLessThan(variants * 0.5);
  });
}
