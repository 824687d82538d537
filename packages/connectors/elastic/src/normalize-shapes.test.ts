import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { elasticHitsOf, normalizeElasticAlert } from './normalize-alert.js';
import { isAlertDocument, normalizeElasticDocument } from './normalize-document.js';

/** The alert document shapes Elastic Security has written, reduced to what each one is about. */
const strict = (event: unknown) => validateOcsfEvent(event, { mode: 'strict' }).errors;

const signal7x = {
  _index: '.siem-signals-default-000003',
  _id: '5e1c6a0b8b1f7c9d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  _source: {
    '@timestamp': '2021-09-14T10:02:11.412Z',
    host: { name: 'ws-7', id: 'h-7', os: { family: 'windows' } },
    user: { name: 'bob' },
    process: { pid: 812, name: 'rundll32.exe', executable: 'C:\\Windows\\System32\\rundll32.exe' },
    event: { kind: 'signal', category: ['process'] },
    signal: {
      parents: [{ id: 'ev-1', type: 'event', index: 'winlogbeat-7.14.0', depth: 0 }],
      ancestors: [{ id: 'ev-1', type: 'event', index: 'winlogbeat-7.14.0', depth: 0 }],
      status: 'acknowledged',
      original_time: '2021-09-14T10:01:58.000Z',
      reason: 'process event with process rundll32.exe, by bob on ws-7 created high alert X.',
      depth: 1,
      rule: {
        id: '0b1c2d3e-4f50-11ec-8d3d-0242ac130003',
        rule_id: 'f036953a-4615-4707-a1ca-dc53bf69dcd5',
        name: 'Unusual Child Process of dns.exe',
        type: 'query',
        severity: 'high',
        risk_score: 73,
        version: 8,
        description: 'Identifies an unexpected process spawning from dns.exe.',
        tags: ['Elastic', 'Windows'],
        index: ['winlogbeat-*', 'logs-windows.*'],
        threat: [
          {
            framework: 'MITRE ATT&CK',
            tactic: {
              id: 'TA0008',
              name: 'Lateral Movement',
              reference: 'https://attack.mitre.org/tactics/TA0008/',
            },
            technique: [
              {
                id: 'T1210',
                name: 'Exploitation of Remote Services',
                reference: 'https://attack.mitre.org/techniques/T1210/',
                subtechnique: [],
              },
            ],
          },
        ],
        meta: { kibana_siem_app_url: 'https://kibana.example:5601/app/security' },
      },
    },
  },
};

describe('Elastic alert shapes', () => {
  it('reads 7.x .siem-signals documents (signal.rule.*, signal.status, signal.original_time)', () => {
    expect(isAlertDocument(signal7x)).toBe(true);
    const event = normalizeElasticAlert(signal7x);
    expect(event.finding_info).toMatchObject({
      uid: signal7x._id,
      title: 'Unusual Child Process of dns.exe',
      types: ['query'],
      data_sources: ['winlogbeat-*', 'logs-windows.*'],
      analytic: { uid: '0b1c2d3e-4f50-11ec-8d3d-0242ac130003', version: '8' },
    });
    expect(event.finding_info.attacks?.[0]?.technique?.uid).toBe('T1210');
    expect(event.finding_info.src_url).toBe(
      `https://kibana.example:5601/app/security/alerts/redirect/${signal7x._id}?index=.siem-signals-default-000003&timestamp=2021-09-14T10%3A02%3A11.412Z`,
    );
    expect([event.severity_id, event.risk_score, event.status_id]).toEqual([4, 73, 2]);
    expect(event.message).toMatch(/^process event/);
    expect(event.metadata.labels).toEqual(['Elastic', 'Windows']);
    expect(strict(event)).toEqual([]);
  });

  it('reads hits with fields only (every value an array, dotted names, nested threat)', () => {
    const hit = {
      _index: '.internal.alerts-security.alerts-default-000001',
      _id: 'f1',
      fields: {
        '@timestamp': ['2026-03-23T15:09:47.447Z'],
        'kibana.alert.uuid': ['f1'],
        'kibana.alert.rule.name': ['Sysmon - Binary Execution from Windows Tasks'],
        'kibana.alert.rule.uuid': ['8f430f4d-58cb-42df-a73b-3e740dc28bb8'],
        'kibana.alert.severity': ['high'],
        'kibana.alert.risk_score': [73],
        'kibana.alert.workflow_status': ['closed'],
        'kibana.alert.rule.threat': [
          {
            framework: ['MITRE ATT&CK'],
            'tactic.id': ['TA0005'],
            'tactic.name': ['Defense Evasion'],
            technique: [{ id: ['T1218'], name: ['System Binary Proxy Execution'] }],
          },
        ],
        'host.name': ['dc01'],
        'host.ip': ['192.168.1.4'],
        'user.name': ['Administrator'],
        'signal.rule.name': ['Sysmon - Binary Execution from Windows Tasks'],
      },
    };
    const event = normalizeElasticAlert(hit);
    expect(event.finding_info.title).toBe('Sysmon - Binary Execution from Windows Tasks');
    expect(event.finding_info.attacks?.[0]?.technique?.uid).toBe('T1218');
    expect([event.severity_id, event.risk_score, event.status_id, event.activity_id]).toEqual([
      4, 73, 4, 3,
    ]);
    expect(event.device).toMatchObject({ name: 'dc01', ip: '192.168.1.4' });
    expect(strict(event)).toEqual([]);
  });

  it('takes the hits of a signals search response and keeps threshold, building-block and group fields', () => {
    const response = {
      took: 3,
      timed_out: false,
      hits: {
        total: { value: 2, relation: 'eq' },
        hits: [
          {
            _index: '.internal.alerts-security.alerts-default-000001',
            _id: 't1',
            _source: {
              '@timestamp': '2026-03-02T10:00:00.000Z',
              'kibana.alert.uuid': 't1',
              'kibana.alert.rule.name': 'SSH brute force',
              'kibana.alert.rule.type': 'threshold',
              'kibana.alert.severity': 'medium',
              'kibana.alert.risk_score': 47.5,
              'kibana.alert.threshold_result': {
                terms: [{ field: 'source.ip', value: '198.51.100.9' }],
                count: 212,
                from: '2026-03-02T09:55:00.000Z',
              },
              'kibana.alert.url':
                'https://kibana.example/app/security/alerts/redirect/t1?index=.alerts-security.alerts-default&timestamp=2026-03-02T10:00:00.000Z',
              source: { ip: '198.51.100.9' },
            },
          },
          {
            _index: '.internal.alerts-security.alerts-default-000001',
            _id: 'b1',
            _source: {
              '@timestamp': '2026-03-02T10:00:01.000Z',
              'kibana.alert.uuid': 'b1',
              'kibana.alert.rule.name': 'Sequence part',
              'kibana.alert.rule.type': 'eql',
              'kibana.alert.building_block_type': 'default',
              'kibana.alert.group.id': 'g-42',
              'kibana.alert.group.index': 0,
              'kibana.alert.severity': 'unusual',
            },
          },
        ],
      },
    };
    const [threshold, block] = elasticHitsOf(response).map((hit) => normalizeElasticAlert(hit));
    expect(threshold?.count).toBe(212);
    expect(threshold?.risk_score).toBe(48);
    expect(threshold?.finding_info.first_seen_time).toBe(Date.parse('2026-03-02T09:55:00.000Z'));
    expect(threshold?.finding_info.src_url).toMatch(/^https:\/\/kibana\.example\/app\/security/);
    expect(threshold?.evidences?.[0]?.src_endpoint?.ip).toBe('198.51.100.9');
    expect(block?.finding_info.types).toEqual(['eql', 'building_block']);
    expect(block?.metadata.correlation_uid).toBe('g-42');
    expect([block?.severity_id, block?.severity]).toEqual([99, 'unusual']);
    for (const event of [threshold, block]) expect(strict(event)).toEqual([]);
    expect(elasticHitsOf({ _id: 'x' })).toEqual([{ _id: 'x' }]);
  });

  it('falls back to the rule parameters and to the alert start for missing fields', () => {
    const event = normalizeElasticAlert({
      _id: 'm1',
      'kibana.alert.start': '2026-03-02T10:00:00.000Z',
      'kibana.alert.rule.parameters': {
        severity: 'low',
        risk_score: 21,
        type: 'machine_learning',
        machine_learning_job_id: ['auth_rare_user'],
      },
      'kibana.alert.rule.name': 'Unusual Login Activity',
    });
    expect(event.time).toBe(Date.parse('2026-03-02T10:00:00.000Z'));
    expect([event.severity_id, event.risk_score]).toEqual([2, 21]);
    expect(event.finding_info.types).toEqual(['machine_learning']);
    expect(event.unmapped).toEqual({
      'kibana.alert.rule.parameters.machine_learning_job_id': ['auth_rare_user'],
    });
    expect(strict(event)).toEqual([]);
  });

  it('routes a 7.x signal found by the search stream to the alert normaliser', () => {
    expect(normalizeElasticDocument(signal7x).class_uid).toBe(2004);
  });
});
