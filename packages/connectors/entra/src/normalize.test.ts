import { readFileSync } from 'node:fs';
import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { normalizeEntraDirectoryAudit } from './normalize-directory-audit.js';
import { normalizeEntraRiskDetection, normalizeEntraRiskyUser } from './normalize-risk.js';
import { normalizeEntraSignIn } from './normalize-sign-in.js';
import { entraNormalizeSources } from './normalize-sources.js';

type Normalizer = (record: unknown) => NormalizedEvent;
type Fixture = Record<string, unknown>;

const streams: ReadonlyArray<{
  stream: string;
  file: string;
  normalize: Normalizer;
  classes: number[];
}> = [
  { stream: 'signins', file: 'sign-ins', normalize: normalizeEntraSignIn, classes: [3002] },
  {
    stream: 'audits',
    file: 'directory-audits',
    normalize: normalizeEntraDirectoryAudit,
    classes: [3001, 3004, 3005],
  },
  {
    stream: 'risky-users',
    file: 'risky-users',
    normalize: normalizeEntraRiskyUser,
    classes: [2004],
  },
  {
    stream: 'risk-detections',
    file: 'risk-detections',
    normalize: normalizeEntraRiskDetection,
    classes: [2004],
  },
];

const fixtures = new URL('./__fixtures__/', import.meta.url);
const load = (file: string) =>
  JSON.parse(readFileSync(new URL(`${file}.json`, fixtures), 'utf8')) as Fixture[];

describe.each(streams)('Entra $stream fixtures', ({ file, normalize, classes }) => {
  const records = load(file);

  it('hold at least 15 distinct records', () => {
    expect(records.length).toBeGreaterThanOrEqual(15);
    expect(new Set(records.map((record) => record['id'])).size).toBe(records.length);
  });

  describeGolden(fixtures, file, normalize);

  it('normalise to the classes the stream declares', () => {
    const events = records.map((record) => normalize(record));
    expect([...new Set(events.map((event) => event.class_uid))].sort()).toEqual(classes);
  });

  it('never crashes: any one field removed or retyped normalises or fails typed', () => {
    const paths = (value: unknown, prefix: string[] = []): string[][] =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, child]) => [
            [...prefix, key],
            ...paths(child, [...prefix, key]),
          ])
        : [];
    for (const record of records) {
      for (const path of paths(record)) {
        for (const replacement of [undefined, 7, 'text', [null]]) {
          const copy = structuredClone(record);
          let parent: Record<string, unknown> = copy;
          for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
          const last = path.at(-1) as string;
          if (replacement === undefined) delete parent[last];
          else parent[last] = replacement;
          try {
            const result = validateOcsfEvent(normalize(copy), { mode: 'strict' });
            expect(result.errors, path.join('.')).toEqual([]);
          } catch (error) {
            expect(OpenMdrError.isInstance(error), `${path.join('.')}: ${String(error)}`).toBe(
              true,
            );
            expect((error as OpenMdrError).code).toBe('NORMALIZE_FAILED');
          }
        }
      }
    }
  });
});

describe('normalizeEntraSignIn', () => {
  const signIns = load('sign-ins');
  it('maps an MFA sign-in: user, app, IP, geolocation, device, user agent, factors, result', () => {
    expect(normalizeEntraSignIn(signIns[0])).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      status_id: 1,
      status_code: '0',
      user: { name: 'megan.bowen@example.onmicrosoft.com', full_name: 'Megan Bowen' },
      service: { name: 'OfficeHome', uid: '4765445b-32c6-49b0-83e6-1d93765276ca' },
      src_endpoint: {
        ip: '198.51.100.40',
        location: { city: 'Seattle', region: 'Washington', country: 'US', lat: 47.6062 },
        autonomous_system: { number: 8075 },
        name: 'DESKTOP-MB7Q2LX',
        os: { name: 'Windows10', type_id: 100 },
      },
      http_request: { user_agent: expect.stringContaining('Edg/132') },
      auth_factors: [{ factor_type_id: 11 }, { factor_type_id: 5 }],
      is_mfa: true,
    });
  });

  it('keeps the error code and failure reason of a failed sign-in', () => {
    expect(normalizeEntraSignIn(signIns[1])).toMatchObject({
      status_id: 2,
      status_code: '50126',
      status_detail: 'Error validating credentials due to invalid username or password.',
      severity_id: 2,
    });
  });

  it('names the Conditional Access policy that blocked a sign-in', () => {
    expect(normalizeEntraSignIn(signIns[3])).toMatchObject({
      status_code: '53003',
      policy: { name: 'CA004: Block legacy authentication' },
      auth_protocol_id: 6,
    });
  });

  it('raises severity with the sign-in risk and keeps risk types in unmapped', () => {
    const event = normalizeEntraSignIn(signIns[8]);
    expect(event).toMatchObject({ risk_level_id: 3, severity_id: 4 });
    expect(event['unmapped']).toMatchObject({
      riskEventTypes_v2: ['anonymizedIPAddress', 'passwordSpray'],
    });
  });

  it('normalises a v1.0 record without beta fields, device or location', () => {
    const event = normalizeEntraSignIn(signIns[13]);
    expect(event['auth_factors']).toBeUndefined();
    expect(event['is_mfa']).toBeUndefined();
    expect(event['src_endpoint']).toEqual({ ip: '192.0.2.99' });
  });

  it.each([
    ['not an object', 'x', ''],
    ['no id', { createdDateTime: '2026-03-02T09:00:00Z', userId: 'u' }, 'id'],
    ['a bad time', { id: 'a', createdDateTime: 'soon', userId: 'u' }, 'createdDateTime'],
    ['no user', { id: 'a', createdDateTime: '2026-03-02T09:00:00Z' }, 'userId'],
  ])('rejects %s with a typed error naming the field', (_name, record, path) => {
    let caught: unknown;
    try {
      normalizeEntraSignIn(record);
    } catch (error) {
      caught = error;
    }
    expect(NormalizationError.isInstance(caught)).toBe(true);
    expect((caught as NormalizationError).path).toBe(path);
  });
});

describe('normalizeEntraDirectoryAudit', () => {
  const audits = load('directory-audits');
  const byActivity = (name: string) =>
    normalizeEntraDirectoryAudit(audits.find((audit) => audit['activityDisplayName'] === name));

  it('maps account changes with the admin as actor', () => {
    expect(byActivity('Disable account')).toMatchObject({
      class_uid: 3001,
      activity_id: 5,
      user: { name: 'diego.siciliani@example.onmicrosoft.com' },
      actor: { user: { name: 'admin@example.onmicrosoft.com' } },
      src_endpoint: { ip: '198.51.100.5' },
    });
    expect(byActivity('User registered security info')).toMatchObject({ activity_id: 10 });
  });

  it('maps role and group assignments to User Access Management with the privilege', () => {
    expect(byActivity('Add member to role')).toMatchObject({
      class_uid: 3005,
      activity_id: 1,
      privileges: ['Global Administrator'],
      user: { name: 'svc-backup@example.onmicrosoft.com' },
    });
    expect(byActivity('Remove member from role')).toMatchObject({ activity_id: 2 });
  });

  it('maps app, policy and device changes to Entity Management', () => {
    expect(byActivity('Update conditional access policy')).toMatchObject({
      class_uid: 3004,
      activity_id: 3,
      entity: { type_id: 5, policy: { name: 'CA001: Require MFA for all users' } },
    });
    expect(byActivity('Add service principal credentials')).toMatchObject({
      entity: { type_id: 99, type: 'ServicePrincipal', name: 'Payroll Sync' },
    });
  });

  it('keeps a failed operation with its reason, initiated by an app', () => {
    expect(byActivity('Update user')).toMatchObject({
      status_id: 2,
      status_detail: 'Insufficient privileges to complete the operation.',
      actor: { app_name: 'Microsoft Graph PowerShell' },
    });
  });
});

describe('Entra risk normalisers', () => {
  it('maps risky-user states to finding status and verdict', () => {
    const users = load('risky-users');
    expect(normalizeEntraRiskyUser(users[1])).toMatchObject({
      class_uid: 2004,
      activity_id: 1,
      status_id: 1,
      risk_level_id: 3,
      severity_id: 4,
      finding_info: { uid: '5e1f0000-0000-4000-8000-000000040004', types: ['riskyUser'] },
    });
    expect(normalizeEntraRiskyUser(users[4])).toMatchObject({ status_id: 2, verdict_id: 2 });
    expect(normalizeEntraRiskyUser(users[5])).toMatchObject({ status_id: 4, verdict_id: 1 });
  });

  it('maps a password spray detection with its ATT&CK technique and source', () => {
    const detections = load('risk-detections');
    expect(normalizeEntraRiskDetection(detections[2])).toMatchObject({
      finding_info: { types: ['passwordSpray'] },
      attacks: [
        {
          technique: { uid: 'T1110' },
          sub_technique: { uid: 'T1110.003', name: 'Password Spraying' },
          tactic: { uid: 'TA0006' },
        },
      ],
      evidences: [{ src_endpoint: { ip: '185.220.101.34', location: { city: 'Amsterdam' } } }],
    });
  });
});

describe('entraNormalizeSources', () => {
  it('tells every stream apart by shape under the connector id alone', () => {
    const any = entraNormalizeSources.find((source) => source.id === 'entra');
    expect(entraNormalizeSources.map((source) => source.id)).toEqual([
      'entra/diagnostic',
      'entra/signins',
      'entra/audits',
      'entra/risky-users',
      'entra/risk-detections',
      'entra',
    ]);
    for (const { stream, file, normalize } of streams) {
      const own = entraNormalizeSources.find((source) => source.id === `entra/${stream}`);
      for (const record of load(file)) {
        expect(own?.matches(record), `${stream} ${String(record['id'])}`).toBe(true);
        expect(any?.normalize(record)).toEqual(normalize(record));
      }
    }
    expect(() => any?.normalize({ hello: 'world' })).toThrow(NormalizationError);
  });
});
