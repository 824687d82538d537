import { readFileSync } from 'node:fs';
import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { graphTime, parseAzureTime } from './azure-time.js';
import { graphKey } from './diagnostic-record.js';
import {
  azureDiagnosticRecords,
  isAzureDiagnosticRecord,
  normalizeEntraDiagnosticRecord,
} from './normalize-diagnostic.js';
import { normalizeEntraDirectoryAudit } from './normalize-directory-audit.js';
import { normalizeEntraRiskDetection, normalizeEntraRiskyUser } from './normalize-risk.js';
import { normalizeEntraSignIn } from './normalize-sign-in.js';
import { entraNormalizeSources } from './normalize-sources.js';

type Fixture = Record<string, unknown>;
const fixtures = new URL('./__fixtures__/', import.meta.url);
const load = (file: string) =>
  JSON.parse(readFileSync(new URL(`${file}.json`, fixtures), 'utf8')) as Fixture[];
const records = load('diagnostic-records');
const byCategory = (category: string) =>
  records.filter((record) => record['category'] === category);

/** The event without what only the diagnostic path adds (tenant, log source, envelope). */
function graphPart(event: NormalizedEvent): NormalizedEvent {
  const { tenant_uid: _tenant, log_source: _source, ...metadata } = event.metadata as Fixture;
  const { azureMonitor: _envelope, ...unmapped } = (event['unmapped'] ?? {}) as Fixture;
  return { ...event, metadata, unmapped } as NormalizedEvent;
}

describe('Entra diagnostic records (Azure Monitor diagnostic settings)', () => {
  describeGolden(fixtures, 'diagnostic-records', (record) =>
    normalizeEntraDiagnosticRecord(record),
  );

  it('cover every category kind: sign-ins of four kinds, audits, risk, and unknown categories', () => {
    const classes = records.map((record) => normalizeEntraDiagnosticRecord(record).class_uid);
    expect(new Set(classes)).toEqual(new Set([0, 2004, 3001, 3002, 3004, 3005]));
    expect(new Set(records.map((record) => record['category'])).size).toBeGreaterThanOrEqual(8);
  });

  it('give the same event as the Graph path for the same sign-in, audit and risk record', () => {
    const graph: Array<[string, Fixture[], (record: unknown) => NormalizedEvent]> = [
      ['sign-ins', load('sign-ins'), normalizeEntraSignIn],
      ['directory-audits', load('directory-audits'), normalizeEntraDirectoryAudit],
      ['risky-users', load('risky-users'), normalizeEntraRiskyUser],
      ['risk-detections', load('risk-detections'), normalizeEntraRiskDetection],
    ];
    const byId = new Map<string, NormalizedEvent>();
    for (const [, items, normalize] of graph) {
      for (const item of items) byId.set(String(item['id']), normalize(item));
    }
    let paired = 0;
    for (const record of records) {
      const event = normalizeEntraDiagnosticRecord(record);
      const expected = byId.get(String((event.metadata as Fixture)['uid']));
      if (!expected || record['category'] === 'RiskyUsers') continue;
      const properties = record['properties'] as Fixture;
      // A record whose time only the envelope gives has the envelope's original time.
      if (!('createdDateTime' in properties || 'CreatedDateTime' in properties)) {
        if (record['category'] === 'SignInLogs') {
          expect(event.time).toBe(expected.time);
          continue;
        }
      }
      expect(graphPart(event), String(record['category'])).toEqual(expected);
      paired += 1;
    }
    expect(paired).toBeGreaterThanOrEqual(12);
  });

  it('read RiskyUsers records with US-form times and one-digit hours like the Graph record', () => {
    const [usTime, pascal] = byCategory('RiskyUsers');
    const risky = new Map(load('risky-users').map((item) => [item['id'], item]));
    for (const record of [usTime, pascal]) {
      const event = normalizeEntraDiagnosticRecord(record);
      const id = (event.metadata as Fixture)['uid'];
      const graph = normalizeEntraRiskyUser(risky.get(String(id).split(':')[0]));
      expect(event.time).toBe(graph.time);
      expect(event['finding_info']).toEqual(graph['finding_info']);
      expect(event['evidences']).toEqual(graph['evidences']);
    }
  });

  it('name the service principal of a service principal or managed identity sign-in', () => {
    const [servicePrincipal] = byCategory('ServicePrincipalSignInLogs');
    expect(normalizeEntraDiagnosticRecord(servicePrincipal)).toMatchObject({
      class_uid: 3002,
      user: { uid: 'b029d485-0000-4000-8000-00000000d001', name: 'terraform-deployer', type_id: 4 },
      src_endpoint: { ip: '203.0.113.77', location: { country: 'IE' } },
      metadata: { tenant_uid: '7d3f6c1e-5b2a-4c8d-9e0f-1a2b3c4d5e6f' },
    });
    const [managed] = byCategory('ManagedIdentitySignInLogs');
    const event = normalizeEntraDiagnosticRecord(managed);
    expect(event['user']).toMatchObject({ name: 'func-billing-prod', type_id: 4 });
    expect(event['src_endpoint']).toBeUndefined();
  });

  it('read numeric enums, string flags, string error codes and JSON text as Graph values', () => {
    const [, failed, , , jsonText] = byCategory('SignInLogs');
    expect(normalizeEntraDiagnosticRecord(failed)).toMatchObject({
      status_id: 2,
      status_code: '50126',
    });
    const event = normalizeEntraDiagnosticRecord(jsonText);
    expect(event['auth_factors']).toBeDefined();
    const [nonInteractive] = byCategory('NonInteractiveUserSignInLogs');
    expect(normalizeEntraDiagnosticRecord(nonInteractive)['unmapped']).toMatchObject({
      isInteractive: false,
    });
  });

  it('keep an unknown category as a Base Event with its properties, never dropped', () => {
    for (const record of [
      ...byCategory('ProvisioningLogs'),
      ...byCategory('MicrosoftGraphActivityLogs'),
    ]) {
      const event = normalizeEntraDiagnosticRecord(record, { includeRawData: true });
      expect(event.class_uid).toBe(0);
      expect(event['unmapped']).toMatchObject({ properties: record['properties'] });
      expect(JSON.parse(String(event['raw_data']))).toEqual(record);
    }
  });

  it('never crash: any one property removed or retyped normalises or fails typed', () => {
    for (const record of records) {
      const properties = record['properties'] as Fixture;
      for (const key of Object.keys(properties)) {
        for (const replacement of [undefined, 7, 'text', [null], null]) {
          const copy = structuredClone(record);
          const target = copy['properties'] as Fixture;
          if (replacement === undefined) delete target[key];
          else target[key] = replacement;
          try {
            const event = normalizeEntraDiagnosticRecord(copy);
            expect(validateOcsfEvent(event, { mode: 'strict' }).errors, key).toEqual([]);
          } catch (error) {
            expect(OpenMdrError.isInstance(error), `${key}: ${String(error)}`).toBe(true);
            expect((error as NormalizationError).path, key).toMatch(/^properties|^time$/);
          }
        }
      }
    }
  });

  it('read properties written as JSON text and categories in another letter case', () => {
    for (const record of records) {
      const variant = {
        ...record,
        category: String(record['category']).toLowerCase(),
        properties: JSON.stringify(record['properties']),
      };
      expect(isAzureDiagnosticRecord(variant)).toBe(true);
      const event = normalizeEntraDiagnosticRecord(variant);
      const expected = normalizeEntraDiagnosticRecord(record);
      expect(event.class_uid).toBe(expected.class_uid);
      expect(event['user'] ?? event['finding_info'] ?? null).toEqual(
        expected['user'] ?? expected['finding_info'] ?? null,
      );
    }
  });

  it('reject a record without category or properties, naming the field', () => {
    for (const [record, path] of [
      [{ time: '2026-03-02T00:00:00Z', properties: {} }, 'category'],
      [{ time: '2026-03-02T00:00:00Z', category: 'SignInLogs' }, 'properties'],
      [[1, 2], 'category'],
    ] as const) {
      expect(() => normalizeEntraDiagnosticRecord(record)).toThrow(NormalizationError);
      try {
        normalizeEntraDiagnosticRecord(record);
      } catch (error) {
        expect((error as NormalizationError).path).toBe(path);
      }
    }
  });

  it('unwrap an Event Hubs / storage blob {records: [...]} batch', () => {
    expect(azureDiagnosticRecords({ records })).toBe(records);
    expect(azureDiagnosticRecords({ records: [] })).toEqual([]);
    expect(azureDiagnosticRecords({ records: [{ a: 1 }] })).toBeUndefined();
    expect(azureDiagnosticRecords(records[0])).toBeUndefined();
  });

  it('are picked by entra/diagnostic and by entra, not by the Graph sources', () => {
    const source = (id: string) => entraNormalizeSources.find((item) => item.id === id);
    for (const record of records) {
      expect(isAzureDiagnosticRecord(record)).toBe(true);
      expect(source('entra/signins')?.matches(record)).toBe(false);
      expect(source('entra')?.normalize(record)).toEqual(normalizeEntraDiagnosticRecord(record));
    }
  });
});

describe('parseAzureTime', () => {
  it.each([
    ['2007-01-09T09:41:00', Date.UTC(2007, 0, 9, 9, 41)],
    ['2007-01-09T09:41:00.22Z', Date.UTC(2007, 0, 9, 9, 41, 0, 220)],
    ['2007-01-09T09:41:00.535404056Z', Date.UTC(2007, 0, 9, 9, 41, 0, 535)],
    ['2007-01-09T11:41:00+02:00', Date.UTC(2007, 0, 9, 9, 41)],
    ['2022-09-09T9:59:27.958Z', Date.UTC(2022, 8, 9, 9, 59, 27, 958)],
    ['01/09/2007 09:41:00', Date.UTC(2007, 0, 9, 9, 41)],
    ['1/9/2007 9:41:00 AM', Date.UTC(2007, 0, 9, 9, 41)],
    ['8/22/2022 6:11:52 PM', Date.UTC(2022, 7, 22, 18, 11, 52)],
    ['1/9/2007 12:05:00 AM', Date.UTC(2007, 0, 9, 0, 5)],
    ['1/9/2007 10:41:00 AM +01:00', Date.UTC(2007, 0, 9, 9, 41)],
    [1_700_000_000_000, 1_700_000_000_000],
  ])('reads %s', (value, expected) => {
    expect(parseAzureTime(value)).toBe(expected);
  });

  it.each(['yesterday', '13/45/2007 09:41:00', '2007-13-01T00:00:00Z', '1/9/2007 13:00:00 PM', ''])(
    'refuses %s',
    (value) => {
      expect(parseAzureTime(value)).toBeUndefined();
    },
  );

  it('leaves ISO 8601 with a zone as written, rewrites the rest as UTC ISO 8601', () => {
    expect(graphTime('2019-10-18T04:45:48.0729893-05:00')).toBe(
      '2019-10-18T04:45:48.0729893-05:00',
    );
    expect(graphTime('2022-09-09T9:59:27.958Z')).toBe('2022-09-09T09:59:27.958Z');
    expect(graphTime('8/22/2022 6:11:52 PM')).toBe('2022-08-22T18:11:52.000Z');
    expect(graphTime('never')).toBe('never');
  });
});

describe('graphKey', () => {
  it.each([
    ['Id', 'id'],
    ['IPAddress', 'ipAddress'],
    ['UserPrincipalName', 'userPrincipalName'],
    ['MFADetail', 'mfaDetail'],
    ['riskEventTypes_v2', 'riskEventTypes_v2'],
    ['ID', 'id'],
  ])('%s → %s', (key, expected) => {
    expect(graphKey(key)).toBe(expected);
  });
});
