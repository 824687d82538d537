import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { type OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { guardDutyFindingsOf, normalizeGuardDutyFinding } from './index.js';

/**
 * GuardDuty findings published by other projects (see `__fixtures__/public/README.md`): each file
 * a finding, an EventBridge event or a `GetFindings` page, read as it is.
 */
const root = fileURLToPath(new URL('./__fixtures__/public/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesUnder(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

const samples = filesUnder(root).flatMap((path) =>
  guardDutyFindingsOf(JSON.parse(readFileSync(path, 'utf8'))).map((record, index) => ({
    file: `${relative(root, path)}#${index}`,
    record,
  })),
);

describe('public GuardDuty samples → OCSF Detection Finding', () => {
  it('has samples from at least two independent sources', () => {
    const sources = new Set(samples.map(({ file }) => file.split(/[\\/]/)[0]));
    expect(sources.size).toBeGreaterThanOrEqual(2);
  });

  it(`≥ 90% of ${samples.length} findings normalise, all strictly valid OCSF of class 2004`, () => {
    let normalised = 0;
    for (const { file, record } of samples) {
      let event: Record<string, unknown>;
      try {
        event = normalizeGuardDutyFinding(record);
      } catch (error) {
        expect(error, `${file}: ${String(error)}`).toBeInstanceOf(NormalizationError);
        expect((error as OpenMdrError).details?.['path'], `${file}: ${String(error)}`).toBeTruthy();
        continue;
      }
      normalised += 1;
      expect(event['class_uid'], file).toBe(2004);
      expect(validateOcsfEvent(event, { mode: 'strict' }).errors, file).toEqual([]);
    }
    expect(normalised / samples.length, `${normalised}/${samples.length}`).toBeGreaterThanOrEqual(
      0.9,
    );
  });

  it('maps what every sample family carries: the type, the account, the resource', () => {
    for (const { file, record } of samples) {
      let event: Record<string, unknown>;
      try {
        event = normalizeGuardDutyFinding(record);
      } catch {
        continue;
      }
      const info = event['finding_info'] as Record<string, unknown>;
      expect(info['types'], file).toHaveLength(1);
      expect((event['cloud'] as Record<string, unknown>)['provider'], file).toBe('AWS');
      expect(event['severity_id'], file).toBeGreaterThan(0);
    }
  });
});
