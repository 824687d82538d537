import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { type OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { normalizeSuricataEvent } from './index.js';

/**
 * EVE JSON records published by other projects (see `__fixtures__/public/README.md`): NDJSON
 * files as Suricata writes `eve.json`, or one pretty-printed record per file.
 */
const root = fileURLToPath(new URL('./__fixtures__/public/', import.meta.url));

/** The OCSF class of each EVE `event_type` (README, "OCSF mapping"); others are 4001. */
const EXPECTED_CLASS: Readonly<Record<string, number>> = {
  alert: 2004,
  flow: 4001,
  netflow: 4001,
  drop: 4001,
  anomaly: 4001,
  dns: 4003,
  http: 4002,
  tls: 4001,
  fileinfo: 4010,
  smtp: 4009,
  ssh: 4007,
};

interface Sample {
  readonly file: string;
  readonly record: Record<string, unknown>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesUnder(path);
      return name.endsWith('.md') ? [] : [path];
    });
}

function recordsOf(text: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && !trimmed.includes('\n{')) {
    return [JSON.parse(trimmed) as Record<string, unknown>];
  }
  return trimmed
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function samples(): Map<string, Sample[]> {
  const byType = new Map<string, Sample[]>();
  for (const path of filesUnder(root)) {
    const file = relative(root, path);
    for (const record of recordsOf(readFileSync(path, 'utf8'))) {
      const type = String(record['event_type']);
      byType.set(type, [...(byType.get(type) ?? []), { file, record }]);
    }
  }
  return byType;
}

const byType = samples();

describe('public Suricata EVE samples → OCSF', () => {
  it('has samples from at least two independent sources', () => {
    const sources = new Set(
      [...byType.values()].flatMap((list) => list.map(({ file }) => file.split(/[\\/]/)[0])),
    );
    expect(sources.size).toBeGreaterThanOrEqual(2);
  });

  it('rejects stats records (sensor health, not events), naming event_type', () => {
    for (const { file, record } of byType.get('stats') ?? []) {
      let caught: unknown;
      try {
        normalizeSuricataEvent(record);
      } catch (error) {
        caught = error;
      }
      expect(caught, file).toBeInstanceOf(NormalizationError);
      expect((caught as OpenMdrError).details?.['path'], file).toBe('event_type');
    }
  });

  for (const [type, list] of byType) {
    if (type === 'stats') continue;
    const expected = EXPECTED_CLASS[type] ?? 4001;
    it(`${type}: ≥ 90% of ${list.length} records normalise, all strictly valid OCSF of class ${expected}`, () => {
      let normalised = 0;
      for (const { file, record } of list) {
        let event: Record<string, unknown>;
        try {
          event = normalizeSuricataEvent(record);
        } catch (error) {
          expect(error, `${file}: ${String(error)}`).toBeInstanceOf(NormalizationError);
          expect(
            (error as OpenMdrError).details?.['path'],
            `${file}: ${String(error)}`,
          ).toBeTruthy();
          continue;
        }
        normalised += 1;
        expect(event['class_uid'], file).toBe(expected);
        expect(validateOcsfEvent(event, { mode: 'strict' }).errors, file).toEqual([]);
      }
      expect(
        normalised / list.length,
        `${type}: ${normalised}/${list.length}`,
      ).toBeGreaterThanOrEqual(0.9);
    });
  }
});
