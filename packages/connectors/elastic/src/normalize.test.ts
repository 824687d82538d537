import { readFileSync } from 'node:fs';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  decodeCloudId,
  ECS_DOCUMENT_TO_OCSF,
  ECS_TO_OCSF,
  elasticNormalizeSources,
  normalizeElasticAlert,
  normalizeElasticDocument,
  readEcs,
  riskLevelOfScore,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const KIBANA = 'https://kibana.example/s/soc';

describe('Elastic alerts → OCSF Detection Finding', () => {
  describeGolden(
    fixtures,
    'alerts',
    (record) => normalizeElasticAlert(record, { kibanaUrl: KIBANA }),
    15,
  );

  const base = {
    _id: 'a1',
    _index: '.internal.alerts-security.alerts-soc-000001',
    _source: {
      '@timestamp': '2026-03-02T10:00:00.000Z',
      'kibana.alert.uuid': 'a1',
      'kibana.alert.rule.name': 'LSASS access',
      'kibana.alert.rule.uuid': 'r-1',
      'kibana.alert.severity': 'high',
      'kibana.alert.risk_score': 73,
      'kibana.alert.workflow_status': 'closed',
      'kibana.alert.workflow_status_updated_at': '2026-03-02T11:00:00.000Z',
      'kibana.alert.rule.threat': [
        {
          framework: 'MITRE ATT&CK',
          tactic: { id: 'TA0006', name: 'Credential Access' },
          technique: [
            {
              id: 'T1003',
              name: 'OS Credential Dumping',
              subtechnique: [{ id: 'T1003.001', name: 'LSASS Memory' }],
            },
          ],
        },
      ],
      host: {
        id: 'h-1',
        name: 'ws-1',
        ip: ['not-an-ip', '10.0.0.1'],
        os: { name: 'Windows', platform: 'windows' },
      },
      agent: { id: 'agent-1', type: 'endpoint', version: '8.17.0' },
      process: {
        pid: 42,
        name: 'procdump.exe',
        executable: 'C:\\tools\\procdump.exe',
        parent: { pid: 7, name: 'cmd.exe' },
      },
      'custom.field': 'kept',
    },
  };

  it('maps rule, severity, risk, status, ATT&CK, Defend device and the Kibana link', () => {
    const event = normalizeElasticAlert(base, { kibanaUrl: KIBANA });
    expect(event.class_uid).toBe(2004);
    expect(event.activity_id).toBe(3);
    expect(event.severity_id).toBe(4);
    expect(event.status_id).toBe(4);
    expect(event.risk_score).toBe(73);
    expect(event.finding_info.analytic).toMatchObject({
      uid: 'r-1',
      name: 'LSASS access',
      type_id: 1,
    });
    expect(
      event.finding_info.attacks?.map(
        (attack) => attack.sub_technique?.uid ?? attack.technique?.uid,
      ),
    ).toEqual(['T1003', 'T1003.001']);
    expect(event.finding_info.src_url).toBe(
      `${KIBANA}/app/security/alerts/redirect/a1?index=.internal.alerts-security.alerts-soc-000001&timestamp=2026-03-02T10%3A00%3A00.000Z`,
    );
    expect(event.device).toMatchObject({ uid: 'agent-1', uid_alt: 'h-1', ip: '10.0.0.1' });
    expect(event.evidences?.[0]?.process).toMatchObject({ pid: 42, parent_process: { pid: 7 } });
    expect(event.unmapped).toEqual({ 'custom.field': 'kept' });
    expect(validateOcsfEvent(event, { mode: 'strict' }).errors).toEqual([]);
  });

  it('tolerates a minimal alert and reads nested, flat and mixed ECS', () => {
    const event = normalizeElasticAlert({
      _id: 'x',
      '@timestamp': 1_772_445_600_000,
      kibana: { alert: { rule: { name: 'R' } } },
    });
    expect(event.finding_info).toMatchObject({ uid: 'x', title: 'R' });
    expect(event.status_id).toBe(0);
    expect(readEcs({ 'process.parent': { pid: 3 } }, 'process.parent.pid')).toBe(3);
  });

  it('throws typed errors naming the field', () => {
    expect(() => normalizeElasticAlert({ '@timestamp': '2026-01-01T00:00:00Z' })).toThrow(
      expect.objectContaining({ code: 'NORMALIZE_FAILED', path: 'kibana.alert.uuid' }),
    );
    expect(() => normalizeElasticAlert({ _id: 'x', '@timestamp': 'yesterday' })).toThrow(
      expect.objectContaining({ path: '@timestamp' }),
    );
    expect(() => normalizeElasticAlert('nope')).toThrow(
      expect.objectContaining({ code: 'NORMALIZE_FAILED' }),
    );
  });

  it('bands risk scores as Elastic does', () => {
    expect([0, 21, 22, 47, 48, 73, 74, 100].map(riskLevelOfScore)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4,
    ]);
  });

  it('has one mapping table with no duplicate ECS fields', () => {
    const fields = ECS_TO_OCSF.map(([ecs]) => ecs);
    expect(new Set(fields).size).toBe(fields.length);
  });
});

describe('Elasticsearch documents (search stream)', () => {
  describeGolden(fixtures, 'documents', (record) => normalizeElasticDocument(record, KIBANA), 15);

  it('keeps a plain document as a Base Event with its fields in unmapped', () => {
    const event = normalizeElasticDocument({
      _id: 'd1',
      _index: '.ds-logs-endpoint.events.process-default-000001',
      _source: {
        '@timestamp': '2026-03-02T10:00:00Z',
        message: 'x',
        host: { name: 'ws-1' },
        event: { action: 'start' },
      },
    });
    expect(event.class_uid).toBe(0);
    expect(event.unmapped).toEqual({ 'event.action': 'start' });
    expect(validateOcsfEvent(event, { mode: 'strict' }).errors).toEqual([]);
  });

  it('routes alert documents to the alert normaliser, by source', () => {
    const alerts = elasticNormalizeSources.find((source) => source.id === 'elastic/alerts');
    expect(alerts?.matches({ _source: { 'kibana.alert.uuid': 'a' } })).toBe(true);
    expect(alerts?.matches({ _source: { message: 'a' } })).toBe(false);
  });
});

describe('decodeCloudId', () => {
  const id = (text: string) => `prod:${Buffer.from(text).toString('base64')}`;
  it('gives the Elasticsearch and Kibana URLs', () => {
    expect(decodeCloudId(id('us-central1.gcp.cloud.es.io$abc123$def456'))).toEqual({
      elasticsearchUrl: 'https://abc123.us-central1.gcp.cloud.es.io',
      kibanaUrl: 'https://def456.us-central1.gcp.cloud.es.io',
    });
    expect(decodeCloudId(id('eu-west-1.aws.found.io:9243$abc$'))).toEqual({
      elasticsearchUrl: 'https://abc.eu-west-1.aws.found.io:9243',
    });
  });
  it('rejects ids that do not decode', () => {
    expect(decodeCloudId('prod:!!!')).toBeUndefined();
    expect(decodeCloudId(id('only-a-host'))).toBeUndefined();
  });
});

describe('docs/connectors/elastic.md', () => {
  const page = readFileSync(
    new URL('../../../../docs/connectors/elastic.md', import.meta.url),
    'utf8',
  );

  it('lists every row of the mapping tables as the code declares it', () => {
    for (const [ecs, ocsf] of [...ECS_TO_OCSF, ...ECS_DOCUMENT_TO_OCSF]) {
      expect(page, ecs).toContain(`| \`${ecs}\` | ${ocsf} |`);
    }
  });
});
