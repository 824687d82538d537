import { elasticConnector } from '@openmdr/connector-elastic';
import { startElasticSimulator } from '@openmdr/connector-elastic/simulator';
import { sentinelConnector } from '@openmdr/connector-sentinel';
import { startSentinelSimulator } from '@openmdr/connector-sentinel/simulator';
import { splunkConnector } from '@openmdr/connector-splunk';
import { startSplunkSimulator } from '@openmdr/connector-splunk/simulator';
import { ManualClock } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { HuntError } from './errors.js';
import type { Hunt } from './hunt.js';
import { fakeConverter, RUNDLL_RULE, UNSUPPORTED_RULE } from './hunting.test-helpers.js';
import { runHunt } from './run-hunt.js';
import { createSiemHuntRunner } from './siem-runner.js';

const range = { from: Date.parse('2026-03-02T00:00:00Z'), to: Date.parse('2026-03-03T00:00:00Z') };
const clock = new ManualClock(Date.parse('2026-03-03T00:00:00Z'));

const SPL = 'index=main EventCode=1 Image="*\\\\rundll32.exe"';
const splunkResults = [1, 2, 3].map((n) => ({
  _bkt: 'main~1~ABC',
  _cd: `1:${n}`,
  _time: `2026-03-02T0${n}:00:00.000+00:00`,
  EventCode: '1',
  Image: 'C:\\Windows\\System32\\rundll32.exe',
  host: `ws-${n}`,
}));

describe('hunts through the SIEM connectors', () => {
  it('runs a raw SPL hunt against the Splunk simulator', async () => {
    const simulated = await startSplunkSimulator({
      seededSearches: [{ search: SPL, results: splunkResults }],
    });
    const instance = await splunkConnector.connect({
      ...simulated,
      tenant: 'acme',
      config: { ...simulated.config, pollIntervalMs: 1, pageSize: 2 },
    });
    try {
      const hunt: Hunt = {
        id: 'hunt-spl',
        tenant: 'acme',
        name: 'rundll32 in main',
        query: { query: SPL, level: 'high', author: 'analyst@acme' },
        target: 'splunk',
        range,
      };
      const result = await runHunt(hunt, createSiemHuntRunner(instance, { clock }), { clock });
      expect(result.failures).toEqual([]);
      expect(result.hits).toHaveLength(3);
      expect(result.hits[0]).toMatchObject({
        rule_id: 'hunt-spl:query',
        title: 'rundll32 in main',
        level: 'high',
        author: 'analyst@acme',
        query: SPL,
        observedAt: Date.parse('2026-03-02T01:00:00Z'),
        eventId: 'splunk:main~1~ABC:1:1',
      });
      expect(result.hitsByRule).toEqual({ 'hunt-spl:query': 3 });
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('runs a rule hunt against the Elastic simulator; unconvertible and refused rules are failures', async () => {
    const ESQL = 'FROM logs-* | WHERE process.executable LIKE "*\\\\rundll32.exe"';
    const rows = [1, 2].map((n) => ({
      _id: `doc-${n}`,
      _index: '.ds-logs-endpoint.events.process-default-000001',
      '@timestamp': `2026-03-02T0${n}:00:00.000Z`,
      'process.executable': 'C:\\Windows\\System32\\rundll32.exe',
    }));
    const simulated = await startElasticSimulator({ seededEsql: [{ query: ESQL, rows }] });
    const instance = await elasticConnector.connect({ ...simulated, tenant: 'acme' });
    const refusedRule = { ...RUNDLL_RULE, id: '5f1b2c3d-0000-4000-8000-000000000003' };
    try {
      const runner = createSiemHuntRunner(instance, {
        clock,
        convert: fakeConverter({
          [RUNDLL_RULE.id ?? '']: ESQL,
          [refusedRule.id]: 'FROM logs-* | WHERE process.name == "never-seeded"',
        }),
      });
      expect(runner.targets).toEqual(['esql', 'lucene']);
      const result = await runHunt(
        {
          id: 'hunt-esql',
          tenant: 'acme',
          name: 'rundll32',
          rules: [RUNDLL_RULE, UNSUPPORTED_RULE, refusedRule],
          target: 'esql',
          range,
        },
        runner,
        { clock },
      );
      expect(result.hits.map((hit) => hit.eventId)).toEqual([
        'elastic:.ds-logs-endpoint.events.process-default-000001/doc-1',
        'elastic:.ds-logs-endpoint.events.process-default-000001/doc-2',
      ]);
      expect(result.hits[0]?.author).toBe('Florian Roth (Nextron Systems)');
      expect(result.hitsByRule).toEqual({ [RUNDLL_RULE.id ?? '']: 2, [refusedRule.id]: 0 });
      expect(
        result.failures.map((failure) => [failure.rule_id, failure.stage, failure.code]),
      ).toEqual([
        [UNSUPPORTED_RULE.id, 'conversion', 'SIGMA_CONVERSION_UNSUPPORTED'],
        [refusedRule.id, 'query', 'CONNECTOR_SEARCH'],
      ]);
      expect(result.failures[1]?.reason).toMatch(/verification_exception/);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('runs a Lucene hunt on the index its query names as source against the Elastic simulator', async () => {
    const LUCENE = 'process.name:"rundll32.exe"';
    const events = [1, 2].map((n) => ({
      _id: `ev-${n}`,
      '@timestamp': `2026-03-02T0${n}:00:00.000Z`,
      process: { name: 'rundll32.exe' },
    }));
    const simulated = await startElasticSimulator({
      events,
      seededLucene: [{ query: LUCENE, ids: ['ev-2'] }],
    });
    const instance = await elasticConnector.connect({ ...simulated, tenant: 'acme' });
    try {
      const result = await runHunt(
        {
          id: 'hunt-lucene',
          tenant: 'acme',
          name: 'rundll32',
          query: { query: LUCENE, source: 'logs-endpoint.events.*' },
          target: 'lucene',
          range,
        },
        createSiemHuntRunner(instance, { clock }),
        { clock },
      );
      expect(result.failures).toEqual([]);
      expect(result.hits.map((hit) => hit.eventId)).toEqual([
        'elastic:.ds-logs-endpoint.events.process-default-000001/ev-2',
      ]);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('runs a raw KQL hunt against the Sentinel simulator', async () => {
    const KQL = "SecurityEvent | where EventID == 4688 and NewProcessName endswith 'rundll32.exe'";
    const rows = [1, 2, 3].map((n) => ({
      TimeGenerated: `2026-03-02T0${n}:00:00Z`,
      _ItemId: `item-${n}`,
      EventID: 4688,
      NewProcessName: 'C:\\Windows\\System32\\rundll32.exe',
    }));
    const simulated = await startSentinelSimulator({ seededQueries: [{ query: KQL, rows }] });
    const instance = await sentinelConnector.connect({ ...simulated, tenant: 'acme' });
    try {
      const result = await runHunt(
        {
          id: 'hunt-kql',
          tenant: 'acme',
          name: 'rundll32',
          query: { query: KQL },
          target: 'kql',
          range,
        },
        createSiemHuntRunner(instance, { clock }),
        { clock },
      );
      expect(result.hits.map((hit) => hit.eventId)).toEqual([
        'la:item-1',
        'la:item-2',
        'la:item-3',
      ]);
      expect(result.failures).toEqual([]);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('refuses a hunt for another target, and reports another tenant’s hunt as a failed query', async () => {
    const simulated = await startSentinelSimulator({});
    const instance = await sentinelConnector.connect({ ...simulated, tenant: 'acme' });
    try {
      const runner = createSiemHuntRunner(instance, { clock });
      const hunt: Hunt = {
        id: 'h',
        tenant: 'globex',
        name: 'n',
        query: { query: 'SecurityEvent | take 1' },
        target: 'kql',
        range,
      };
      await expect(runHunt({ ...hunt, target: 'splunk' }, runner)).rejects.toBeInstanceOf(
        HuntError,
      );
      const result = await runHunt(hunt, runner);
      expect(result.hits).toEqual([]);
      expect(result.failures[0]).toMatchObject({ stage: 'query', code: 'CONNECTOR_SEARCH' });
      expect(simulated.simulator.requests).toHaveLength(0);
      expect(() => createSiemHuntRunner({})).toThrow(HuntError);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });
});
