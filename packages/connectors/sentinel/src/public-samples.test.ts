import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { isRecord } from '@openmdr/connector-kit/normalize';
import { type OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  normalizeSentinelAlert,
  normalizeSentinelIncident,
  normalizeSentinelQueryRow,
} from './index.js';

/**
 * Sentinel incidents, alerts and Log Analytics rows published by other projects (see
 * `__fixtures__/public/README.md`). REST API examples are read as the API answers: every
 * response body, a list's `value[]` one record each.
 */
const root = fileURLToPath(new URL('./__fixtures__/public/', import.meta.url));

type Kind = 'incident' | 'alert' | 'row';

const NORMALIZERS: Readonly<Record<Kind, (record: unknown) => unknown>> = {
  incident: (record) => normalizeSentinelIncident(record),
  alert: (record) => normalizeSentinelAlert(record),
  row: (record) => normalizeSentinelQueryRow(record),
};

/** The OCSF class of each kind; a query row may also be an alert or an incident. */
const CLASSES: Readonly<Record<Kind, readonly number[]>> = {
  incident: [2005],
  alert: [2004],
  row: [0, 2004, 2005],
};

interface Sample {
  readonly source: string;
  readonly file: string;
  readonly kind: Kind;
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

/** The records of a file: the bodies of an API example's responses, or a JSON array. */
function recordsOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (!isRecord(json) || !isRecord(json['responses'])) return [json];
  return Object.values(json['responses']).flatMap((response) => {
    const body = isRecord(response) ? response['body'] : undefined;
    if (isRecord(body) && Array.isArray(body['value'])) return body['value'];
    return isRecord(body) ? [body] : [];
  });
}

function kindOf(record: unknown): Kind {
  if (!isRecord(record)) return 'row';
  const properties = record['properties'];
  if (isRecord(properties)) return 'incidentNumber' in properties ? 'incident' : 'alert';
  if (record['Type'] === 'SecurityIncident') return 'incident';
  if ('SystemAlertId' in record) return 'alert';
  return 'row';
}

function samples(): Sample[] {
  return filesUnder(root).flatMap((path) => {
    const file = relative(root, path);
    const source = file.split(/[\\/]/)[0] ?? file;
    return recordsOf(JSON.parse(readFileSync(path, 'utf8'))).map((record) => ({
      source,
      file,
      kind: kindOf(record),
      record,
    }));
  });
}

const all = samples();
const groups = new Map<string, Sample[]>();
for (const sample of all) {
  const key = `${sample.source} ${sample.kind}`;
  groups.set(key, [...(groups.get(key) ?? []), sample]);
}

function normalised(file: string, predicate: (record: Record<string, unknown>) => boolean) {
  const sample = all.find(
    (candidate) =>
      candidate.file === file && isRecord(candidate.record) && predicate(candidate.record),
  );
  if (!sample) throw new Error(`no sample in ${file}`);
  return NORMALIZERS[sample.kind](sample.record) as Record<string, unknown>;
}

describe('public Microsoft Sentinel samples → OCSF', () => {
  it('has incidents and alerts from at least two independent sources', () => {
    const sourcesOf = (kind: Kind) =>
      new Set(all.filter((sample) => sample.kind === kind).map((sample) => sample.source));
    expect(sourcesOf('incident').size).toBeGreaterThanOrEqual(2);
    expect(sourcesOf('alert').size).toBeGreaterThanOrEqual(2);
  });

  for (const [key, list] of groups) {
    it(`${key}: ≥ 90% of ${list.length} records normalise, all strictly valid OCSF`, () => {
      let ok = 0;
      for (const { file, kind, record } of list) {
        let event: Record<string, unknown>;
        try {
          event = NORMALIZERS[kind](record) as Record<string, unknown>;
        } catch (error) {
          expect(error, `${file}: ${String(error)}`).toBeInstanceOf(NormalizationError);
          expect(
            (error as OpenMdrError).details?.['path'],
            `${file}: ${String(error)}`,
          ).toBeTruthy();
          continue;
        }
        ok += 1;
        expect(CLASSES[kind], file).toContain(event['class_uid']);
        expect(validateOcsfEvent(event, { mode: 'strict' }).errors, file).toEqual([]);
      }
      expect(ok / list.length, `${key}: ${ok}/${list.length}`).toBeGreaterThanOrEqual(0.9);
    });
  }

  it('maps an ARM incident of the REST API: verdict, owner, rule, ATT&CK, XDR link', () => {
    const event = normalised(
      'azure-rest-api-specs/2025-07-01-preview-Incidents_List.json',
      () => true,
    );
    expect(event).toMatchObject({
      class_uid: 2005,
      activity_id: 3,
      status_id: 5,
      severity_id: 4,
      verdict_id: 1,
      comment: 'InaccurateData: Not a malicious activity',
      assignee: {
        name: 'john doe',
        email_addr: 'john.doe@contoso.com',
        uid: '2046feea-040d-4a46-9e2b-91c2941bfa70',
      },
      metadata: { correlation_uid: '3177', uid: '73e01a99-5cd7-4139-a149-9f2736ff2ab5' },
      unmapped: {
        comments_count: 3,
        provider_incident_url:
          'https://security.microsoft.com/incidents/3177?tid=5b5a146c-eba8-46af-96f8-e31b50d15a3f',
      },
    });
    const [info] = event['finding_info_list'] as Record<string, unknown>[];
    expect(info).toMatchObject({
      product_uid: '3177',
      uid_alt: '3177',
      product: { name: 'Azure Sentinel' },
      analytic: { uid: 'fab3d2d4-747f-46a7-8ef0-9c0be8112bf7', type_id: 1 },
    });
    const techniques = ((info?.['attacks'] ?? []) as Record<string, Record<string, unknown>>[]).map(
      (attack) => attack['technique']?.['uid'],
    );
    expect(techniques).toEqual(expect.arrayContaining(['T1091', 'T1133', 'T1053']));
  });

  it('maps an ARM alert entity of the REST API', () => {
    const event = normalised(
      'azure-rest-api-specs/2025-07-01-preview-GetSecurityAlertEntityById.json',
      () => true,
    );
    expect(event).toMatchObject({
      class_uid: 2004,
      severity_id: 3,
      status_id: 1,
      start_time: Date.parse('2021-09-01T08:21:45.926Z'),
      finding_info: {
        uid: '4aa486e0-6f85-41af-99ea-7acdce7be6c8',
        title: 'Suspicious account detected',
        src_url: expect.stringContaining('AlertBlade/alertId/2518119885989999999_4aa486e0'),
      },
      unmapped: { VendorOriginalId: 'c2bafff9-fb31-41d0-a177-ecbff7a02ffe' },
    });
    const tactics = (
      (event['finding_info'] as Record<string, unknown>)['attacks'] as Record<
        string,
        Record<string, unknown>
      >[]
    ).map((attack) => attack['tactic']?.['uid']);
    expect(tactics).toEqual(['TA0003', 'TA0008']);
  });

  it('maps the incidents and alerts of the XSOAR integration tests', () => {
    expect(
      normalised('demisto-content/incidents.json', (record) => record['name'] === 'inc_name'),
    ).toMatchObject({
      status_id: 1,
      severity_id: 4,
      assignee: { name: 'bla' },
      metadata: { labels: ['label_name'] },
      unmapped: { alerts_count: 1, alert_product_names: ['name1', 'name2'] },
    });
    const updated = normalised('demisto-content/incidents.json', (record) => record['id'] === '1');
    expect(updated).toMatchObject({
      severity_id: 1,
      assignee: { name: 'alice@example.com', email_addr: 'alice@example.com' },
      metadata: { labels: ['label_start'] },
    });
    expect(
      normalised('demisto-content/alerts.json', (record) => record['name'] === 'test_alert_id_2'),
    ).toMatchObject({
      class_uid: 2004,
      finding_info: { uid: 'test_alert_id_2', title: 'Test alert 2', types: ['Scheduled Alerts'] },
    });
  });

  it('maps the Log Analytics rows of stix-shifter: grouped Entities, rule, SecurityIncident', () => {
    const mining = normalised(
      'stix-shifter/alerts.json',
      (record) => record['AlertType'] === 'SIMULATED_VM_DigitalCurrencyMining',
    );
    expect(mining).toMatchObject({
      confidence_score: 100,
      device: { hostname: 'Sample-VM' },
      finding_info: {
        attacks: [expect.objectContaining({ tactic: expect.objectContaining({ uid: 'TA0002' }) })],
      },
    });
    expect(mining['evidences']).toContainEqual(
      expect.objectContaining({
        process: expect.objectContaining({ pid: 0x1640, cmd_line: '.\\sample.exe -t 4' }),
      }),
    );
    const scheduled = normalised(
      'stix-shifter/alerts.json',
      (record) => record['SystemAlertId'] === '6dfa10b7-7523-ecb0-646d-28ccf9c06772',
    );
    expect(scheduled).toMatchObject({
      time: Date.parse('2022-07-03T09:12:07.122Z'),
      finding_info: { analytic: { name: 'AlertLog', uid: '9c4be437-b74c-440c-aa09-764367744a23' } },
    });
    expect(normalised('stix-shifter/incidents.json', () => true)).toMatchObject({
      class_uid: 2005,
      metadata: { correlation_uid: '1186' },
      src_url: expect.stringContaining('919158c6-4c3f-4273-a730-a37f75622350'),
      unmapped: { related_analytic_rule_ids: ['9c4be437-b74c-440c-aa09-764367744a23'] },
    });
    expect(
      normalised('stix-shifter/query-rows.json', (record) => record['EventID'] === '5379'),
    ).toMatchObject({
      class_uid: 0,
      device: { hostname: 'GslabCP4S' },
      observables: [expect.anything(), expect.objectContaining({ value: '80.66.76.145' })],
    });
  });
});
