import { elasticConnector } from '@openmdr/connector-elastic';
import { startElasticSimulator } from '@openmdr/connector-elastic/simulator';
import { sentinelConnector } from '@openmdr/connector-sentinel';
import { startSentinelSimulator } from '@openmdr/connector-sentinel/simulator';
import { splunkConnector } from '@openmdr/connector-splunk';
import { startSplunkSimulator } from '@openmdr/connector-splunk/simulator';
import { ManualClock } from '@openmdr/core';
import { convertSigmaRule } from '@openmdr/detections';
import { describe, expect, it } from 'vitest';
import { RUNDLL_RULE } from './hunting.test-helpers.js';
import { runHunt } from './run-hunt.js';
import { createSiemHuntRunner } from './siem-runner.js';

// The converters' real output, end to end: each simulator serves only the exact query it was
// seeded with, so a hunt finds the rows only when the runner sends what the converter wrote.
const range = { from: Date.parse('2026-03-02T00:00:00Z'), to: Date.parse('2026-03-03T00:00:00Z') };
const clock = new ManualClock(Date.parse('2026-03-03T00:00:00Z'));
const image = 'C:\\Windows\\System32\\rundll32.exe';
const hunt = (target: 'splunk' | 'esql' | 'kql') => ({
  id: `hunt-${target}`,
  tenant: 'acme',
  name: 'rundll32',
  rules: [RUNDLL_RULE],
  target,
  range,
});

describe('hunts with converted Sigma rules through the SIEM simulators', () => {
  it('Splunk: the SPL the converter writes', async () => {
    const search = convertSigmaRule(RUNDLL_RULE, 'splunk').query;
    const results = [1, 2].map((n) => ({
      _bkt: 'main~1~ABC',
      _cd: `1:${n}`,
      _time: `2026-03-02T0${n}:00:00.000+00:00`,
      EventCode: '1',
      Image: image,
    }));
    const simulated = await startSplunkSimulator({ seededSearches: [{ search, results }] });
    const instance = await splunkConnector.connect({ ...simulated, tenant: 'acme' });
    try {
      const result = await runHunt(hunt('splunk'), createSiemHuntRunner(instance, { clock }), {
        clock,
      });
      expect(result.failures).toEqual([]);
      expect(result.hits).toHaveLength(2);
      expect(result.hits[0]).toMatchObject({ rule_id: RUNDLL_RULE.id, query: search });
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('Elastic: the ES|QL the converter writes', async () => {
    const query = convertSigmaRule(RUNDLL_RULE, 'esql').query;
    const rows = [1, 2, 3].map((n) => ({
      _id: `doc-${n}`,
      _index: '.ds-logs-windows.sysmon_operational-default-000001',
      '@timestamp': `2026-03-02T0${n}:00:00.000Z`,
      'process.executable': image,
    }));
    const simulated = await startElasticSimulator({ seededEsql: [{ query, rows }] });
    const instance = await elasticConnector.connect({ ...simulated, tenant: 'acme' });
    try {
      const result = await runHunt(hunt('esql'), createSiemHuntRunner(instance, { clock }), {
        clock,
      });
      expect(result.failures).toEqual([]);
      expect(result.hits).toHaveLength(3);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('Sentinel: the KQL the converter writes', async () => {
    const query = convertSigmaRule(RUNDLL_RULE, 'kql').query;
    const rows = [1].map((n) => ({
      TimeGenerated: `2026-03-02T0${n}:00:00Z`,
      _ItemId: `item-${n}`,
      EventID: 1,
      Image: image,
    }));
    const simulated = await startSentinelSimulator({ seededQueries: [{ query, rows }] });
    const instance = await sentinelConnector.connect({ ...simulated, tenant: 'acme' });
    try {
      const result = await runHunt(hunt('kql'), createSiemHuntRunner(instance, { clock }), {
        clock,
      });
      expect(result.failures).toEqual([]);
      expect(result.hits.map((hit) => hit.eventId)).toEqual(['la:item-1']);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });
});
