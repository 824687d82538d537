import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { type OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { cloudTrailFileRecords, normalizeCloudTrail } from './index.js';

/**
 * CloudTrail records published by other projects (see `__fixtures__/public/README.md`): each
 * file a JSON array of records or a `{"Records": [...]}` log file.
 */
const root = fileURLToPath(new URL('./__fixtures__/public/', import.meta.url));

/**
 * The class the published CloudTrail mapping (github.com/ocsf/examples, AWS CloudTrail v1.1.0)
 * gives the operations these samples hold; any other operation is API Activity (6003) and an
 * Insights event a Detection Finding (2004).
 */
const EXPECTED_CLASS: Readonly<Record<string, number>> = {
  ConsoleLogin: 3002,
  CheckMfa: 3002,
  AssumeRole: 3002,
  CreateUser: 3001,
  AddUserToGroup: 3001,
  CreateAccessKey: 3001,
  AttachUserPolicy: 3001,
  AttachRolePolicy: 3001,
  CreateLoginProfile: 3001,
  UpdateLoginProfile: 3001,
  DeleteLoginProfile: 3001,
  CreateRole: 3001,
  UpdateAssumeRolePolicy: 3001,
  EnableMFADevice: 3001,
  PasswordUpdated: 3001,
};

function expectedClass(record: Record<string, unknown>): number {
  if (record['eventType'] === 'AwsCloudTrailInsight') return 2004;
  return EXPECTED_CLASS[String(record['eventName'])] ?? 6003;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesUnder(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

const samples = filesUnder(root).flatMap((path) => {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const records = cloudTrailFileRecords(parsed) ?? (parsed as unknown[]);
  return records.map((record) => ({
    file: relative(root, path),
    record: record as Record<string, unknown>,
  }));
});

describe('public CloudTrail samples → OCSF', () => {
  it('has samples from at least two independent sources', () => {
    expect(new Set(samples.map(({ file }) => file.split(/[\\/]/)[0])).size).toBeGreaterThanOrEqual(
      2,
    );
  });

  it(`≥ 90% of ${samples.length} records normalise, all strictly valid OCSF of the published class`, () => {
    let normalised = 0;
    for (const { file, record } of samples) {
      let event: Record<string, unknown>;
      try {
        event = normalizeCloudTrail(record);
      } catch (error) {
        expect(error, `${file}: ${String(error)}`).toBeInstanceOf(NormalizationError);
        expect((error as OpenMdrError).details?.['path'], `${file}: ${String(error)}`).toBeTruthy();
        continue;
      }
      normalised += 1;
      const where = `${file}: ${String(record['eventName'] ?? record['eventType'])}`;
      expect(validateOcsfEvent(event, { mode: 'strict' }).errors, where).toEqual([]);
      expect(event['class_uid'], where).toBe(expectedClass(record));
    }
    expect(normalised / samples.length, `${normalised}/${samples.length}`).toBeGreaterThanOrEqual(
      0.9,
    );
  });
});
