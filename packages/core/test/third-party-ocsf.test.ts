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
