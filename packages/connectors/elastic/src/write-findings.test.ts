import { describe, expect, it } from 'vitest';
import { elasticConnector, normalizeElasticAlert, ocsfDocumentId } from './index.js';
import { elasticWrites, startElasticSimulator } from './simulator/index.js';
import { alertHits } from './simulator.test-helpers.js';

const events = alertHits.map((hit) => normalizeElasticAlert(hit));

async function connected(options: Parameters<typeof startElasticSimulator>[0] = {}) {
  const writes = elasticWrites();
  const simulated = await startElasticSimulator({ writes, ...options });
  const instance = await elasticConnector.connect({
    ...simulated,
    tenant: 'acme',
    config: { ...simulated.config, writeBack: { batchSize: 5 } },
    sleep: async () => {},
  });
  return { simulated, instance, writes };
}

describe('write-findings through _bulk', () => {
  it('installs the OCSF template once, then bulk-creates the findings in batches', async () => {
    const { simulated, instance, writes } = await connected();
    try {
      const output = await instance.runAction('write-findings', { events });
      expect(output).toEqual({
        dataStream: 'ocsf-findings-default',
        created: events.length,
        duplicates: 0,
        failed: [],
        requests: Math.ceil(events.length / 5),
      });
      const template = writes.templates.get('ocsf-findings') as { index_patterns: string[] };
      expect(template.index_patterns).toEqual(['ocsf-findings-*']);
      const stored = writes.documents.get('ocsf-findings-default');
      expect(stored?.get(ocsfDocumentId(events[0]))).toMatchObject({
        '@timestamp': new Date(events[0]?.time as number).toISOString(),
        class_uid: 2004,
      });
      await instance.runAction('write-findings', { events: events.slice(0, 1) });
      const templatePuts = simulated.simulator.requests.filter(
        (request) => request.method === 'PUT' && request.path.startsWith('/_index_template/'),
      );
      expect(templatePuts).toHaveLength(1);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('retries a 429 and rejected items, and a second write creates no duplicate', async () => {
    const { simulated, instance, writes } = await connected({
      rejectBulkItems: [2, 7],
      faults: [{ type: 'rate-limit', at: [3], retryAfterSeconds: 1 }],
    });
    try {
      const first = await instance.runAction('write-findings', { events });
      expect(first).toMatchObject({ created: events.length, duplicates: 0, failed: [] });
      expect(simulated.simulator.requests.map((request) => request.status)).toContain(429);
      const again = await instance.runAction('write-findings', { events });
      expect(again).toMatchObject({ created: 0, duplicates: events.length, failed: [] });
      expect(writes.documents.get('ocsf-findings-default')?.size).toBe(events.length);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('refuses input that is not a list of events before any request', async () => {
    const { simulated, instance } = await connected();
    try {
      await expect(
        instance.runAction('write-findings', { events: ['not an event'] } as never),
      ).rejects.toMatchObject({ code: 'CONNECTOR_ACTION', details: { issues: expect.any(Array) } });
      expect(simulated.simulator.requests).toHaveLength(0);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });
});
