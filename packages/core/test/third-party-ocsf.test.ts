import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type OcsfIssue, validateOcsfEvent } from '../src/index.js';

/** OCSF events from other producers (see fixtures/third-party-ocsf/SOURCES.md). */
const directory = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'third-party-ocsf');
const sources = readdirSync(directory)
  .filter((file) => file.endsWith('.jsonl'))
  .sort()
  .map((file) => ({
    file,
    events: readFileSync(join(directory, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown),
  }));

/** The value at an issue path (`a.b[2].c`), or `undefined`. */
function readAt(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split('.')) {
    const [, name, indices] = /^([^[]+)((?:\[\d+\])*)$/.exec(segment) ?? [];
    if (name === undefined || typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[name];
    for (const index of indices?.match(/\d+/g) ?? []) {
      if (!Array.isArray(current)) return undefined;
      current = current[Number(index)];
    }
  }
  return current;
}

/** Why a warning of an accepted event does not say what happened where, or `undefined`. */
function unexplained(
  warning: OcsfIssue,
  event: Record<string, unknown>,
  warnings: readonly OcsfIssue[],
): string | undefined {
  if (typeof warning.path !== 'string' || warning.message === '') return 'no path or message';
  if (warning.path === '' && !warning.rule.startsWith('constraint_')) return 'no path';
  const unmapped = (event['unmapped'] ?? {}) as Record<string, unknown>;
  const movedLater = warnings.some(
    (other) => other.rule === 'moved_to_unmapped' && other.path === warning.path,
  );
  switch (warning.rule) {
    case 'moved_to_unmapped':
      return Object.keys(unmapped).some(
        (key) => key === warning.path || key.startsWith(`${warning.path}#`),
      )
        ? undefined
        : 'not in unmapped';
    case 'coerced':
    case 'computed':
      return movedLater || readAt(event, warning.path) !== undefined ? undefined : 'value absent';
    case 'required_missing':
      return readAt(event, warning.path) === undefined ? undefined : 'value present';
    default:
      return undefined;
  }
}

type Path = readonly (string | number)[];

/** Every attribute path of a JSON value (objects, arrays and their items included). */
function attributePaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value))
      attributePaths(child, [...path, Array.isArray(value) ? Number(key) : key], out);
  }
  if (path.length > 0) out.push(path);
  return out;
}

/** A copy of `value` with the attribute at `path` replaced by `deviate(old)` (removed if undefined). */
function replaceAt(value: unknown, path: Path, deviate: (old: unknown) => unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  const replacement = deviate(parent[key]);
  if (replacement !== undefined) parent[key] = replacement;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return copy;
}

describe('OCSF events from other producers (lenient mode: tolerant ingest)', () => {
  it('has events from at least three sources', () => {
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) expect(source.events.length).toBeGreaterThan(0);
  });

  for (const source of sources) {
    it(`accepts at least 95% of ${source.file}, each warning with a path that says what was done`, () => {
      let accepted = 0;
      const problems: string[] = [];
      source.events.forEach((input, index) => {
        const frozen = JSON.stringify(input);
        const result = validateOcsfEvent<Record<string, unknown>>(input, { mode: 'lenient' });
        expect(JSON.stringify(input)).toBe(frozen);
        if (!result.ok) return;
        accepted++;
        for (const warning of result.warnings) {
          const why = unexplained(warning, result.event, result.warnings);
          if (why !== undefined)
            problems.push(`line ${index + 1}: ${warning.path} ${warning.rule}: ${why}`);
        }
      });
      expect(problems).toEqual([]);
      expect(accepted / source.events.length).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('is a corpus strict mode refuses much of (so that the lenient figure means something)', () => {
    const events = sources.flatMap((source) => source.events);
    const strictlyValid = events.filter((event) => validateOcsfEvent(event).ok).length;
    const lenientlyValid = events.filter(
      (event) => validateOcsfEvent(event, { mode: 'lenient' }).ok,
    ).length;
    expect(events.length - strictlyValid).toBeGreaterThanOrEqual(events.length / 3);
    expect(lenientlyValid / events.length).toBeGreaterThanOrEqual(0.95);
  });

  it('accepts every single deviation of an accepted event: each attribute removed or of the wrong JSON type', () => {
    // Not tuned to the corpus: every attribute path of every accepted event (objects and
    // array items included; class_uid, which names the class, and the free-form unmapped left
    // out) is removed or replaced by an object, a JSON string, two values, a fraction or a
    // boolean — the deviations producers make — and each variant must still be accepted.
    const deviations: Record<string, (value: unknown) => unknown> = {
      removed: () => undefined,
      object: (value) => ({ value }),
      'JSON string': (value) => JSON.stringify(value),
      'two values': (value) => [value, value],
      fraction: () => 12345.5,
      boolean: () => true,
    };
    let variants = 0;
    const refused: string[] = [];
    for (const source of sources)
      for (const input of source.events) {
        if (!validateOcsfEvent(input, { mode: 'lenient' }).ok) continue;
        for (const path of attributePaths(input)) {
          if (path[0] === 'class_uid' || path[0] === 'unmapped') continue;
          for (const [name, deviate] of Object.entries(deviations)) {
            variants++;
            const variant = replaceAt(input, path, deviate);
            const result = validateOcsfEvent<Record<string, unknown>>(variant, { mode: 'lenient' });
            const why = result.ok
              ? result.warnings
                  .map((warning) => unexplained(warning, result.event, result.warnings))
                  .find((reason) => reason !== undefined)
              : result.errors.map((error) => `${error.path} ${error.rule}`).join(', ');
            if (why !== undefined) refused.push(`${source.file} ${path.join('.')} ${name}: ${why}`);
          }
        }
      }
    expect(variants).toBeGreaterThan(10_000);
    expect(refused.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('returns a repaired event that lenient validation accepts again with nothing left to repair', () => {
    for (const source of sources)
      for (const input of source.events) {
        const first = validateOcsfEvent<Record<string, unknown>>(input, { mode: 'lenient' });
        if (!first.ok) continue;
        const again = validateOcsfEvent(first.event, { mode: 'lenient' });
        expect(again.ok).toBe(true);
        const repairs = again.warnings.filter((warning) =>
          ['coerced', 'moved_to_unmapped', 'null_removed', 'computed'].includes(warning.rule),
        );
        expect(repairs).toEqual([]);
      }
  });
});
