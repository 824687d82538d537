import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { type OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { elasticHitsOf, normalizeElasticAlert } from './normalize-alert.js';

/**
 * Elastic Security alerts published by other projects (see `__fixtures__/public/README.md`), kept
 * as published. A file holds one alert, an array of alerts, a search response
 * (`{ hits: { hits } }`) or NDJSON; each alert is normalised as the `alerts` stream would.
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
      return /\.(json|ndjson)$/.test(name) ? [path] : [];
    });
}

function recordsOf(path: string): unknown[] {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.ndjson')) {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
  }
  const body = JSON.parse(text) as unknown;
  return Array.isArray(body) ? body : elasticHitsOf(body);
}

const samples: Sample[] = filesUnder(root).flatMap((path) => {
  const file = relative(root, path);
  const source = file.split(/[\\/]/)[0] ?? file;
  return recordsOf(path).map((record) => ({ source, file, record }));
});
const bySource = new Map<string, Sample[]>();
for (const sample of samples) {
  bySource.set(sample.source, [...(bySource.get(sample.source) ?? []), sample]);
}

/** What a few published alerts must map to, by alert uid: the test fails if mapping regresses. */
const EXPECTED: Readonly<Record<string, Record<string, unknown>>> = {
  // elastic/faker-datasets: an EQL alert Kibana 8.2.0 wrote for a Geneve-generated event
  ddedd6a6c4ea61648972971f5602f024e16dd3f3d1f190ba1d1746e46e5129cc: {
    class_uid: 2004,
    activity_id: 1,
    severity_id: 3,
    risk_score: 47,
    risk_level_id: 2,
    status_id: 1,
    time: Date.parse('2022-12-23T10:39:44.298Z'),
    finding_info: expect.objectContaining({
      title: 'Linux Restricted Shell Breakout via awk Commands',
      types: ['eql'],
      data_sources: ['geneve-ut-292'],
      analytic: expect.objectContaining({
        uid: 'c55330b0-82ad-11ed-93ff-3323f74f31a3',
        category: 'Event Correlation Rule',
        version: '1',
      }),
    }),
    evidences: [
      expect.objectContaining({ file: expect.objectContaining({ name: 'bash' }) }),
      expect.objectContaining({ file: expect.objectContaining({ name: 'nawk' }) }),
    ],
    metadata: expect.objectContaining({
      product: expect.objectContaining({ version: '8.2.0' }),
    }),
    unmapped: expect.objectContaining({
      'kibana.alert.original_time': '2022-12-23T10:36:43.160Z',
      'kibana.alert.rule.rule_id': '10754992-28c7-4472-be5b-f3770fd04f2d',
    }),
  },
  // elastic/ecs RFC 0031: an Elastic Defend behavior alert promoted by Kibana 8.3.0
  bbef4313d1ced5ff3c8558ebdd11a4dd7ea5df5df5bb391335f60845d361eba5: {
    class_uid: 2004,
    severity_id: 4,
    risk_score: 73,
    status_id: 1,
    finding_info: expect.objectContaining({
      title: 'Malicious Behavior Prevention Alert: Regsvr32 Scriptlet Execution',
      types: ['query'],
      analytic: expect.objectContaining({ uid: '499a4611-1a4b-11ed-bb53-ad8c26f4d942' }),
      attacks: [
        expect.objectContaining({
          technique: { uid: 'T1218', name: 'Signed Binary Proxy Execution' },
        }),
        expect.objectContaining({ sub_technique: { uid: 'T1218.010', name: 'Regsvr32' } }),
      ],
      src_url: expect.stringMatching(
        /^https:\/\/kibana\.example\/app\/security\/alerts\/redirect\/bbef4313/,
      ),
    }),
    device: expect.objectContaining({
      uid: 'd463a3c2-d9ae-4ae9-91da-fa85867b51e1',
      hostname: 'My-PC',
      ip: '10.128.0.78',
    }),
    evidences: expect.arrayContaining([
      expect.objectContaining({
        process: expect.objectContaining({
          pid: 4896,
          name: 'regsvr32.exe',
          parent_process: expect.objectContaining({ pid: 11412, name: 'python.exe' }),
        }),
      }),
    ]),
  },
};

describe('public Elastic Security alerts → OCSF', () => {
  it('has samples from at least two independent publications', () => {
    expect(bySource.size).toBeGreaterThanOrEqual(2);
  });

  for (const [source, list] of bySource) {
    it(`${source}: ≥ 90% of ${list.length} alerts normalise, all strictly valid Detection Findings`, () => {
      let normalised = 0;
      for (const { file, record } of list) {
        let event: Record<string, unknown>;
        try {
          event = normalizeElasticAlert(record, { kibanaUrl: 'https://kibana.example' }) as never;
        } catch (error) {
          expect(error, `${file}: ${String(error)}`).toBeInstanceOf(NormalizationError);
          expect(
            (error as OpenMdrError).details?.['path'],
            `${file}: ${String(error)}`,
          ).toBeTruthy();
          continue;
        }
        normalised += 1;
        expect(event['class_uid'], file).toBe(2004);
        expect(validateOcsfEvent(event, { mode: 'strict' }).errors, file).toEqual([]);
        const uid = (event['finding_info'] as { uid: string }).uid;
        const expected = EXPECTED[uid];
        if (expected) expect(event, `${file}: ${uid}`).toMatchObject(expected);
      }
      expect(
        normalised / list.length,
        `${source}: ${normalised}/${list.length}`,
      ).toBeGreaterThanOrEqual(0.9);
    });
  }

  it('checks the mapped values of every alert listed in EXPECTED', () => {
    const uids = samples.map(({ record }) => {
      const hit = record as { _id?: string; _source?: Record<string, unknown> };
      return (hit._source ?? (record as Record<string, unknown>))['kibana.alert.uuid'] ?? hit._id;
    });
    for (const uid of Object.keys(EXPECTED)) expect(uids, uid).toContain(uid);
  });
});
