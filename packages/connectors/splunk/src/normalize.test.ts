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

describe('Splunk notables in the shapes real deployments send', () => {
  const base = byRule('Access - Brute Force Access Behavior Detected - Rule');
  const strict = (event: unknown) => validateOcsfEvent(event, { mode: 'strict' }).errors;

  it('reads _time as epoch seconds, a zone name or ctime, and names a bad one', () => {
    const epoch = normalizeSplunkNotable({ ...base, _time: '1564419068.000' });
    expect(epoch.time).toBe(1_564_419_068_000);
    expect(strict(epoch)).toEqual([]);
    const zoned = normalizeSplunkNotable({ ...base, _time: '2013-02-11 10:43:01.060 CET' });
    expect(zoned.time).toBe(Date.parse('2013-02-11T09:43:01.060Z'));
    const ctime = normalizeSplunkNotable({ ...base, _time: '07/29/2019 10:37:24' });
    expect(ctime.time).toBe(Date.parse('2019-07-29T10:37:24Z'));
    const indexed = normalizeSplunkNotable({ ...base, _time: undefined });
    expect(indexed.time).toBe(Number(base['_indextime']) * 1000);
    expect(() => normalizeSplunkNotable({ ...base, _time: 'yesterday' })).toThrow(/_time/);
  });

  it('maps urgency names in any case and numbers, numeric fields and multi-valued scores', () => {
    expect(normalizeSplunkNotable({ ...base, urgency: 'Critical' }).severity_id).toBe(5);
    expect(normalizeSplunkNotable({ ...base, urgency: 'informational' }).severity_id).toBe(1);
    expect(normalizeSplunkNotable({ ...base, urgency: 4 }).severity_id).toBe(4);
    const numeric = normalizeSplunkNotable({ ...base, status: 2, risk_score: ['80', '40'] });
    expect(numeric.status_id).toBe(2);
    expect(numeric.risk_score).toBe(80);
    expect(normalizeSplunkNotable({ ...base, risk_score: 'xx' }).risk_score).toBeUndefined();
  });

  it('names the rule by source, reads status groups and ATT&CK of risk notables', () => {
    const {
      rule_name: _name,
      search_name: _search,
      rule_title: _title,
      status: _status,
      status_label: _label,
      status_end: _end,
      ...rest
    } = base;
    // without the fixture's own annotations
    const bare = Object.fromEntries(
      Object.entries(rest).filter(([key]) => !key.startsWith('annotations')),
    );
    const event = normalizeSplunkNotable({
      ...bare,
      status_group: 'Closed',
      'annotations._all': ['T1078', 'Exploitation', 'DE.CM'],
      mitre_tactic_id: 'TA0001',
      mitre_technique_id: ['T1078', 'T1110.003'],
    });
    expect(event.finding_info.analytic?.name).toBe(base['source']);
    expect(event.status_id).toBe(4);
    expect(event.activity_id).toBe(3);
    expect(
      event.finding_info.attacks?.map((attack) => [
        attack.tactic?.uid,
        attack.sub_technique?.uid ?? attack.technique?.uid,
      ]),
    ).toEqual([
      ['TA0001', 'T1078'],
      ['TA0001', 'T1110.003'],
    ]);
    expect(event.unmapped?.['annotations._all']).toEqual(['T1078', 'Exploitation', 'DE.CM']);
    expect(strict(event)).toEqual([]);
  });

  it('takes a risk object as the device or the actor, and an orig_sid as the id', () => {
    const {
      event_id: _id,
      rule_id: _rule,
      indexer_guid: _guid,
      _bkt: _bucket,
      src: _src,
      dest: _dest,
      user: _user,
      ...bare
    } = base;
    const system = normalizeSplunkNotable({
      ...bare,
      orig_rid: '3',
      risk_object: 'wks-042.corp.example.com',
      risk_object_type: 'system',
    });
    expect(system.finding_info.uid).toBe(`${base['orig_sid']}@@3`);
    expect(system.device?.hostname).toBe('wks-042.corp.example.com');
    const user = normalizeSplunkNotable({
      ...bare,
      orig_rid: '3',
      risk_object: 'jdoe',
      risk_object_type: 'user',
    });
    expect(user.evidences?.[0]?.actor?.user?.name).toBe('jdoe');
    expect(strict(user)).toEqual([]);
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

describe('Splunk reporting rows → OCSF Base Event', () => {
  it('times a row by lastTime, the search window or the search, passing over +Infinity', () => {
    const tstats = normalizeSplunkSearchResult({
      dest: 'wks-042',
      count: '12',
      firstTime: '1596541513',
      lastTime: '1596545113',
    });
    expect(tstats.time).toBe(1_596_545_113_000);
    const allTime = normalizeSplunkSearchResult({
      user: 'jdoe',
      count: '3',
      info_max_time: '+Infinity',
      info_search_time: '1596545113.965466000',
    });
    expect(allTime.time).toBe(1_596_545_113_965);
    expect(allTime.actor?.user?.name).toBe('jdoe');
    const stats = { method: 'GET', 'count(_raw)': '16' };
    expect(normalizeSplunkSearchResult(stats, { searchTime: 1_700_000_000_000 }).time).toBe(
      1_700_000_000_000,
    );
    expect(() => normalizeSplunkSearchResult(stats)).toThrow(/_time is missing/);
    expect(() => normalizeSplunkSearchResult({ ...stats, _time: 'soon' })).toThrow(/_time/);
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
