import { readFileSync } from 'node:fs';
import { describeGolden } from '@openmdr/connector-kit/testing';
import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  normalizeSplunkNotable,
  normalizeSplunkSearchResult,
  splunkNormalizeSources,
} from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const notables = JSON.parse(readFileSync(new URL('notables.json', fixtures), 'utf8')) as Record<
  string,
  unknown
>[];
const byRule = (name: string) => {
  const notable = notables.find((record) => record['search_name'] === name);
  if (!notable) throw new Error(`no fixture ${name}`);
  return notable;
};

describe('Splunk notables → OCSF Detection Finding', () => {
  describeGolden(
    fixtures,
    'notables',
    (record) => normalizeSplunkNotable(record, { webUrl: 'https://es.example.com:8000' }),
    15,
  );

  it('maps urgency, status, owner, entities and ATT&CK', () => {
    const event = normalizeSplunkNotable(
      byRule('Endpoint - Malicious PowerShell Process - Encoded Command - Rule'),
      { webUrl: 'https://es.example.com:8000' },
    );
    expect(event.severity_id).toBe(4);
    expect(event.status_id).toBe(2);
    expect(event.status_detail).toBe('In Progress');
    expect(event.assignee).toEqual({ name: 'amartin', full_name: 'Alice Martin' });
    expect(event.device?.hostname).toBe('WKS-FIN-0231');
    expect(event.finding_info.types).toEqual(['endpoint']);
    const attacks = event.finding_info.attacks ?? [];
    expect(attacks.map((attack) => attack.sub_technique?.uid ?? attack.technique?.uid)).toEqual([
      'T1059.001',
      'T1027',
      undefined,
      undefined,
    ]);
    expect(attacks.map((attack) => attack.tactic?.uid)).toEqual([
      undefined,
      undefined,
      'TA0002',
      'TA0005',
    ]);
    expect(event.finding_info.title).toBe(
      'Malicious PowerShell Process - Encoded Command on WKS-FIN-0231',
    );
    expect(event.finding_info.src_url).toMatch(
      /^https:\/\/es\.example\.com:8000\/en-US\/app\/SplunkEnterpriseSecuritySuite\/incident_review\?/,
    );
  });

  it('makes a closed notable a Close activity and a custom status Other', () => {
    const closed = normalizeSplunkNotable(byRule('Endpoint - Ransomware Extensions - Rule'));
    expect(closed.activity_id).toBe(3);
    expect(closed.status_id).toBe(4);
    const custom = normalizeSplunkNotable(byRule('Endpoint - Anomalous New Services - Rule'));
    expect(custom.status_id).toBe(99);
    expect(custom.status).toBe('Escalated to MSSP');
  });

  it('keeps an unknown urgency as Unknown and tolerates a notable without entities', () => {
    const sparse = normalizeSplunkNotable(
      byRule('Endpoint - High Number of Infected Hosts - Rule'),
    );
    expect(sparse.finding_info.title).toBe('High Number of Infected Hosts');
    expect(sparse.evidences).toBeUndefined();
    expect(sparse.assignee).toBeUndefined();
    const unknown = normalizeSplunkNotable(byRule('Threat - Watchlisted Events - Rule'));
    expect(unknown.severity_id).toBe(0);
  });

  it('reads a raw notable without the notable macro: derived id, severity for urgency', () => {
    const {
      event_id: _id,
      rule_id: _rule,
      urgency: _urgency,
      ...bare
    } = byRule('Access - Brute Force Access Behavior Detected - Rule');
    const derived = normalizeSplunkNotable(bare);
    expect(derived.finding_info.uid).toBe(
      `${bare['indexer_guid']}@@notable@@${bare['event_hash']}`,
    );
    expect(derived.severity_id).toBe(3);
    const { indexer_guid: _guid, ...noGuid } = bare;
    const addressed = normalizeSplunkNotable(noGuid);
    expect(addressed.finding_info.uid).toBe(`${bare['_bkt']}:${bare['_cd']}`);
    expect(validateOcsfEvent(addressed, { mode: 'strict' }).ok).toBe(true);
  });

  it('names the field a record it cannot map lacks', () => {
    expect(() => normalizeSplunkNotable({ rule_name: 'no id' })).toThrow(/event_id/);
    expect(() => normalizeSplunkNotable({ event_id: 'a@@notable@@b' })).toThrow(/_time/);
  });
});

describe('Splunk search results → OCSF Base Event', () => {
  describeGolden(fixtures, 'search-results', (record) => normalizeSplunkSearchResult(record), 15);

  it('maps CIM fields and keeps every field in unmapped', () => {
    const [first] = JSON.parse(
      readFileSync(new URL('search-results.json', fixtures), 'utf8'),
    ) as Record<string, unknown>[];
    const event = normalizeSplunkSearchResult(first);
    expect(event.actor?.user?.name).toBe('jsmith');
    expect(event.action_id).toBe(2);
    expect(event.observables).toContainEqual(
      expect.objectContaining({ name: 'src', type_id: 2, value: '10.20.4.17' }),
    );
    expect(event.unmapped?.['EventCode']).toBe('4625');
  });
});

describe('openmdr normalize sources', () => {
  it('are per stream and for the connector', () => {
    expect(splunkNormalizeSources.map((source) => source.id)).toEqual([
      'splunk/notables',
      'splunk/search',
      'splunk',
    ]);
  });
});
