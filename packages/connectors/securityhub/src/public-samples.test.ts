import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { isRecord } from '@openmdr/connector-kit/normalize';
import { type OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { asffFindingsOf, normalizeAsffFinding } from './index.js';

/**
 * ASFF findings published by other projects (see `__fixtures__/public/README.md`), read as
 * Security Hub hands them out: `GetFindings` pages, EventBridge events, arrays of findings.
 */
const root = fileURLToPath(new URL('./__fixtures__/public/', import.meta.url));

interface Sample {
  readonly source: string;
  readonly file: string;
  readonly record: unknown;
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

function samples(): Sample[] {
  return filesUnder(root).flatMap((path) => {
    const file = relative(root, path);
    const source = file.split(/[\\/]/)[0] ?? file;
    return asffFindingsOf(JSON.parse(readFileSync(path, 'utf8'))).map((record) => ({
      source,
      file,
      record,
    }));
  });
}

/**
 * The class Amazon Security Lake gives a finding: Vulnerability Finding when it lists
 * vulnerabilities, Compliance Finding when it has a compliance status, Detection Finding else.
 */
function publishedClass(record: unknown): number {
  if (!isRecord(record)) return 2004;
  const vulnerabilities = record['Vulnerabilities'];
  if (
    Array.isArray(vulnerabilities) &&
    vulnerabilities.some((item) => isRecord(item) && item['Id'])
  )
    return 2002;
  const compliance = record['Compliance'];
  return isRecord(compliance) && compliance['Status'] ? 2003 : 2004;
}

const all = samples();
const groups = new Map<string, Sample[]>();
for (const sample of all) groups.set(sample.source, [...(groups.get(sample.source) ?? []), sample]);

function normalised(file: string, predicate: (record: Record<string, unknown>) => boolean) {
  const sample = all.find(
    (candidate) =>
      candidate.file === file && isRecord(candidate.record) && predicate(candidate.record),
  );
  if (!sample) throw new Error(`no sample in ${file}`);
  return normalizeAsffFinding(sample.record) as unknown as Record<string, unknown>;
}

describe('public AWS Security Hub ASFF samples → OCSF', () => {
  it('has findings from at least two independent sources', () => {
    expect(groups.size).toBeGreaterThanOrEqual(2);
  });

  for (const [source, list] of groups) {
    it(`${source}: ≥ 90% of ${list.length} findings normalise, all strictly valid OCSF of the published class`, () => {
      let ok = 0;
      for (const { file, record } of list) {
        let event: Record<string, unknown>;
        try {
          event = normalizeAsffFinding(record) as unknown as Record<string, unknown>;
        } catch (error) {
          expect(error, `${file}: ${String(error)}`).toBeInstanceOf(NormalizationError);
          expect(
            (error as OpenMdrError).details?.['path'],
            `${file}: ${String(error)}`,
          ).toBeTruthy();
          continue;
        }
        ok += 1;
        expect(event['class_uid'], file).toBe(publishedClass(record));
        expect(validateOcsfEvent(event, { mode: 'strict' }).errors, file).toEqual([]);
      }
      expect(ok / list.length, `${source}: ${ok}/${list.length}`).toBeGreaterThanOrEqual(0.9);
    });
  }

  it('maps the EventBridge control findings of the aws-samples Jira integration', () => {
    const ec2 = normalised(
      'aws-samples-securityhub-jira/imported_new_notautomated.json',
      () => true,
    );
    expect(ec2).toMatchObject({
      class_uid: 2003,
      severity_id: 4,
      status_id: 1,
      compliance: { control: 'EC2.8', status_id: 3 },
      resources: [{ type: 'AwsEc2Instance', name: 'i-0000000aaaaaaaaaa' }],
      cloud: { region: 'eu-west-1', account: { uid: '123456789012' } },
    });
    expect(
      normalised('aws-samples-securityhub-jira/imported_archived_existing.json', () => true),
    ).toMatchObject({ activity_id: 3, status_id: 5, status_detail: 'NOTIFIED' });
  });

  it('maps the GetFindings pages of the DefectDojo parser tests', () => {
    const guardduty = all.filter((sample) => sample.file === 'defectdojo/guardduty.json');
    expect(guardduty.length).toBeGreaterThan(0);
    for (const { record } of guardduty) {
      const event = normalizeAsffFinding(record) as unknown as Record<string, unknown>;
      expect(event).toMatchObject({
        class_uid: 2004,
        finding_info: { product: { name: 'GuardDuty' } },
      });
    }
    expect(
      normalised(
        'defectdojo/asff-Unusual_Behaviors-User-Persistence_IAMUser-NetworkPermissions.json',
        () => true,
      ),
    ).toMatchObject({
      class_uid: 2004,
      finding_info: { attacks: [{ tactic: { uid: 'TA0003', name: 'Persistence' } }] },
    });
    const inspector = normalised('defectdojo/inspector_ec2_cve.json', () => true);
    expect(inspector).toMatchObject({
      class_uid: 2002,
      vulnerabilities: [{ cve: { uid: expect.stringMatching(/^CVE-\d{4}-\d+$/) } }],
    });
    const ghsa = normalised('defectdojo/inspector_ec2_ghsa.json', () => true);
    expect((ghsa['vulnerabilities'] as Record<string, unknown>[])[0]).toHaveProperty('advisory');
    expect(normalised('defectdojo/config_one_finding.json', () => true)).toMatchObject({
      class_uid: 2003,
      compliance: { status_id: expect.any(Number) },
    });
  });
});
