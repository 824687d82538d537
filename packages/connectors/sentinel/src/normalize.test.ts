import { describeGolden } from '@openmdr/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  normalizeSentinelAlert,
  normalizeSentinelIncident,
  normalizeSentinelQueryRow,
  parseSentinelEntities,
  sentinelNormalizeSources,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);

describe('Microsoft Sentinel incidents → OCSF Incident Finding', () => {
  describeGolden(fixtures, 'incidents', (record) => normalizeSentinelIncident(record), 15);

  it('maps status, classification, owner, number, labels, ATT&CK and the portal link', () => {
    const event = normalizeSentinelIncident({
      name: 'inc-1',
      properties: {
        title: 'Ransomware',
        severity: 'High',
        status: 'Closed',
        classification: 'TruePositive',
        classificationReason: 'SuspiciousActivity',
        owner: { assignedTo: 'Avery', email: 'avery@example.com', objectId: 'o-1' },
        labels: [{ labelName: 'p1', labelType: 'User' }],
        incidentNumber: 42,
        incidentUrl: 'https://portal.azure.com/#asset/x',
        additionalData: { alertsCount: 3, tactics: ['Impact'], techniques: ['T1486'] },
        createdTimeUtc: '2025-11-03T08:00:00Z',
        lastModifiedTimeUtc: '2025-11-03T09:00:00Z',
      },
    }) as unknown as Record<string, unknown>;
    expect(event).toMatchObject({
      class_uid: 2005,
      activity_id: 3,
      severity_id: 4,
      status_id: 5,
      verdict_id: 2,
      src_url: 'https://portal.azure.com/#asset/x',
      assignee: { name: 'Avery', email_addr: 'avery@example.com', uid: 'o-1' },
      metadata: { labels: ['p1'], correlation_uid: '42' },
      unmapped: { alerts_count: 3 },
    });
    const [info] = event['finding_info_list'] as Record<string, unknown>[];
    expect(info?.['attacks']).toEqual([
      expect.objectContaining({
        tactic: expect.objectContaining({ uid: 'TA0040' }),
        technique: expect.objectContaining({ uid: 'T1486' }),
      }),
    ]);
  });

  it('puts an unowned incident in the Unassigned group', () => {
    const event = normalizeSentinelIncident({
      name: 'inc-2',
      properties: { title: 't', owner: {}, lastModifiedTimeUtc: '2025-11-03T09:00:00Z' },
    });
    expect(event).toMatchObject({ assignee_group: { name: 'Unassigned' }, status_id: 0 });
  });

  it('names the field a record it cannot map lacks', () => {
    expect(() => normalizeSentinelIncident({ properties: {} })).toThrow(/\bname\b/);
    expect(() => normalizeSentinelIncident({ name: 'x', properties: {} })).toThrow(
      /lastModifiedTimeUtc/,
    );
  });
});

describe('Microsoft Sentinel SecurityAlert rows → OCSF Detection Finding', () => {
  describeGolden(fixtures, 'security-alerts', (record) => normalizeSentinelAlert(record), 15);

  it('turns the Entities JSON into evidences, resolving $ref', () => {
    const event = normalizeSentinelAlert({
      SystemAlertId: 'a-1',
      TimeGenerated: '2025-11-03T08:00:00Z',
      AlertSeverity: 'High',
      Entities: JSON.stringify([
        { $id: '2', HostName: 'ws-1', DnsDomain: 'example.com', OSFamily: 'Windows', Type: 'host' },
        {
          $id: '3',
          ProcessId: '100',
          CommandLine: 'cmd /c whoami',
          ImageFile: { $ref: '4' },
          Type: 'process',
        },
        { $id: '4', Name: 'cmd.exe', Directory: 'C:\\Windows\\System32', Type: 'file' },
        { $id: '5', Address: '192.0.2.10', Type: 'ip' },
      ]),
    }) as unknown as Record<string, unknown>;
    expect(event['device']).toMatchObject({ hostname: 'ws-1.example.com' });
    const evidences = event['evidences'] as Record<string, unknown>[];
    expect(evidences.map((evidence) => evidence['name'])).toEqual([
      'host',
      'process',
      'file',
      'ip',
    ]);
    expect(evidences[1]).toMatchObject({
      process: { pid: 100, file: { name: 'cmd.exe', path: 'C:\\Windows\\System32\\cmd.exe' } },
    });
    expect(evidences[3]).toMatchObject({ src_endpoint: { ip: '192.0.2.10' } });
  });

  it('keeps malformed Entities out instead of failing', () => {
    expect(parseSentinelEntities('not json')).toEqual([]);
    expect(parseSentinelEntities('{"a":1}')).toEqual([]);
  });

  it('reads ARM alerts of an incident (kind SecurityAlert) as SecurityAlert rows', () => {
    const event = normalizeSentinelAlert({
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/entities/e-1',
      name: 'e-1',
      kind: 'SecurityAlert',
      properties: {
        systemAlertId: 'a-9',
        alertDisplayName: 'Suspicious account detected',
        severity: 'Medium',
        status: 'New',
        timeGenerated: '2021-09-01T13:56:53.5392366Z',
        startTimeUtc: '2021-09-01T08:21:45.926185Z',
        tactics: ['Persistence'],
        productName: 'Azure Sentinel',
        confidenceLevel: 'Unknown',
      },
    }) as unknown as Record<string, unknown>;
    expect(event).toMatchObject({
      class_uid: 2004,
      severity_id: 3,
      status_id: 1,
      time: Date.parse('2021-09-01T13:56:53.539Z'),
      finding_info: {
        uid: 'a-9',
        title: 'Suspicious account detected',
        product: { name: 'Azure Sentinel' },
        attacks: [expect.objectContaining({ tactic: expect.objectContaining({ uid: 'TA0003' }) })],
      },
      unmapped: { arm_name: 'e-1', confidenceLevel: 'Unknown', kind: 'SecurityAlert' },
    });
  });

  it('names the column a row it cannot map lacks', () => {
    expect(() => normalizeSentinelAlert({ TimeGenerated: '2025-11-03T08:00:00Z' })).toThrow(
      /SystemAlertId/,
    );
  });
});

describe('Log Analytics rows of any query', () => {
  describeGolden(fixtures, 'query-rows', (record) => normalizeSentinelQueryRow(record), 15);

  it('maps the well-known columns of a row to device, actor, observables and message', () => {
    const event = normalizeSentinelQueryRow({
      TimeGenerated: '2025-11-03 08:20:11.000',
      Type: 'SecurityEvent',
      Computer: 'ws-014.corp.example.com',
      Account: 'CORP\\jdoe',
      IpAddress: '192.0.2.41',
      EventID: 4624,
      Activity: '4624 - An account was successfully logged on.',
    }) as unknown as Record<string, unknown>;
    expect(event).toMatchObject({
      class_uid: 0,
      time: Date.parse('2025-11-03T08:20:11Z'),
      message: '4624 - An account was successfully logged on.',
      device: { hostname: 'ws-014.corp.example.com' },
      actor: { user: { name: 'jdoe', domain: 'CORP' } },
      metadata: { event_code: '4624', log_name: 'SecurityEvent' },
      unmapped: { Computer: 'ws-014.corp.example.com', IpAddress: '192.0.2.41' },
    });
    expect(event['observables']).toContainEqual({
      name: 'unmapped.IpAddress',
      type_id: 2,
      type: 'IP Address',
      value: '192.0.2.41',
    });
  });

  it('dates a row without TimeGenerated by another time column, and names it otherwise', () => {
    const event = normalizeSentinelQueryRow({
      Timestamp: '2025-11-03T08:41:18.002Z',
      DeviceName: 'ws-014.corp.example.com',
      ActionType: 'ProcessCreated',
    }) as unknown as Record<string, unknown>;
    expect(event).toMatchObject({
      time: Date.parse('2025-11-03T08:41:18.002Z'),
      message: 'ProcessCreated',
    });
    expect(() => normalizeSentinelQueryRow({ Computer: 'x', count_: 3 })).toThrow(/TimeGenerated/);
  });

  it('makes an Incident Finding of a SecurityIncident row', () => {
    const event = normalizeSentinelQueryRow({
      TimeGenerated: '2022-05-07 12:27:10.171000+00:00',
      IncidentName: 'inc-row-1',
      Title: 'AlertLog',
      Severity: 'Medium',
      Status: 'New',
      Owner: '{"objectId":null,"email":null,"assignedTo":null,"userPrincipalName":null}',
      FirstModifiedTime: 'None',
      LastModifiedTime: '2022-05-07 12:27:10.171000+00:00',
      CreatedTime: '2022-05-07 12:27:10.171000+00:00',
      IncidentNumber: '1186',
      AlertIds: '["17bbb3bd-00fb-73f0-573b-f2039bd3b5c5"]',
      Type: 'SecurityIncident',
    }) as unknown as Record<string, unknown>;
    expect(event).toMatchObject({
      class_uid: 2005,
      status_id: 1,
      severity_id: 3,
      assignee_group: { name: 'Unassigned' },
      metadata: { correlation_uid: '1186', uid: 'inc-row-1' },
      unmapped: { AlertIds: '["17bbb3bd-00fb-73f0-573b-f2039bd3b5c5"]', FirstModifiedTime: 'None' },
    });
  });

  it('makes a Base Event of a non-alert row, columns kept', () => {
    const event = normalizeSentinelQueryRow({
      TimeGenerated: '2025-11-03T08:00:00Z',
      Type: 'SigninLogs',
      UserPrincipalName: 'jdoe@example.com',
    }) as unknown as Record<string, unknown>;
    expect(event).toMatchObject({
      class_uid: 0,
      unmapped: { UserPrincipalName: 'jdoe@example.com', Type: 'SigninLogs' },
    });
  });

  it('is a source of openmdr normalize, per stream and for the connector', () => {
    expect(sentinelNormalizeSources.map((source) => source.id)).toEqual([
      'sentinel/incidents',
      'sentinel/alerts',
      'sentinel/query',
      'sentinel',
    ]);
  });
});
