import { createHttpClient, staticToken } from '@openmdr/connector-kit';
import { describe, expect, it } from 'vitest';
import { encodedApiKey } from '../client.js';
import {
  elasticConnector,
  normalizeElasticAlert,
  ocsfDocumentId,
  ocsfIndexTemplate,
  putOcsfIndexTemplate,
  writeOcsfEvents,
} from '../index.js';
import { alertDocuments, alertHits } from '../simulator.test-helpers.js';
import { ELASTIC_API_KEY, elasticWrites, startElasticSimulator } from './index.js';

const ids = alertDocuments.map((document) => String(document['_id'])).sort();
const startAt = '2026-01-01T00:00:00Z';

async function readAll(simulated: Awaited<ReturnType<typeof startElasticSimulator>>, config = {}) {
  const instance = await elasticConnector.connect({
    config: { ...simulated.config, pageSize: 4, ...config },
    secrets: simulated.secrets,
    sleep: async () => undefined,
  });
  const read: string[] = [];
  for await (const batch of instance.read('alerts')) {
    read.push(...batch.records.map((record) => String((record as { _id: string })._id)));
  }
  await instance.close();
  return read;
}

describe('startElasticSimulator', () => {
  it('serves the alerts through a point in time, search_after pages and a final close', async () => {
    const simulated = await startElasticSimulator({ alerts: alertDocuments, startAt });
    try {
      expect((await readAll(simulated)).sort()).toEqual(ids);
      const paths = simulated.simulator.requests.map(
        (request) => `${request.method} ${request.path}`,
      );
      expect(paths[0]).toBe('POST /.alerts-security.alerts-default/_pit');
      expect(paths.filter((path) => path === 'POST /_search')).toHaveLength(5);
      expect(paths.at(-1)).toBe('DELETE /_pit');
      const second = simulated.simulator.requests.find(
        (request) =>
          request.path === '/_search' && (request.body as { search_after?: unknown }).search_after,
      );
      expect((second?.body as { sort?: unknown } | undefined)?.sort).toEqual([
        { '@timestamp': { order: 'asc', format: 'epoch_millis' } },
        { _shard_doc: 'asc' },
      ]);
    } finally {
      await simulated.close();
    }
  });

  it('reopens an expired point in time and resumes without gaps or duplicates', async () => {
    const simulated = await startElasticSimulator({
      alerts: alertDocuments,
      startAt,
      pitExpiresAfterSearches: 2,
    });
    try {
      const read = await readAll(simulated);
      expect(read.sort()).toEqual(ids);
      const opens = simulated.simulator.requests.filter(
        (request) => request.path.endsWith('/_pit') && request.method === 'POST',
      );
      expect(opens.length).toBeGreaterThan(1);
      expect(simulated.simulator.requests.some((request) => request.status === 404)).toBe(true);
    } finally {
      await simulated.close();
    }
  });

  it('backs off on 429 es_rejected_execution_exception', async () => {
    const simulated = await startElasticSimulator({
      alerts: alertDocuments,
      startAt,
      rejectSearches: [2],
    });
    try {
      expect((await readAll(simulated)).sort()).toEqual(ids);
      expect(simulated.simulator.requests.filter((request) => request.status === 429)).toHaveLength(
        1,
      );
    } finally {
      await simulated.close();
    }
  });

  it('reads the alerts alias of the configured Kibana space (404 when it has none)', async () => {
    const simulated = await startElasticSimulator({ alerts: alertDocuments, startAt });
    try {
      await expect(readAll(simulated, { space: 'soc' })).rejects.toMatchObject({
        code: 'CONNECTOR_HTTP_STATUS',
      });
      expect(simulated.simulator.requests[0]?.path).toBe('/.alerts-security.alerts-soc/_pit');
    } finally {
      await simulated.close();
    }
  });

  it('runs the Kibana actions with kbn-xsrf in the space, and Defend isolation to completion', async () => {
    const simulated = await startElasticSimulator({ alerts: alertDocuments, startAt });
    try {
      const instance = await elasticConnector.connect({
        ...simulated,
        config: { ...simulated.config, space: 'soc' },
      });
      const first = ids[0] as string;
      expect(
        await instance.runAction('set-alert-status', {
          alertIds: [first],
          status: 'closed',
          reason: 'false_positive',
        }),
      ).toEqual({ updated: 1 });
      const statusCall = simulated.simulator.requests.find((request) =>
        request.path.endsWith('/signals/status'),
      );
      expect(statusCall?.path).toBe('/s/soc/api/detection_engine/signals/status');
      expect(statusCall?.headers['kbn-xsrf']).toBeDefined();
      expect(
        await instance.runAction(
          'isolate-host',
          { endpointIds: ['agent-1'] },
          { pollIntervalMs: 1 },
        ),
      ).toMatchObject({ endpointIds: ['agent-1'], status: 'isolated' });
      expect(
        await instance.runAction(
          'release-host',
          { endpointIds: ['agent-1'] },
          { pollIntervalMs: 1 },
        ),
      ).toMatchObject({ status: 'released' });
      await instance.close();
      const response = await fetch(`${simulated.config.kibanaUrl}/api/cases/c1/comments`, {
        method: 'POST',
        headers: {
          authorization: `ApiKey ${encodedApiKey(ELASTIC_API_KEY)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ type: 'user', comment: 'x', owner: 'securitySolution' }),
      });
      expect(response.status).toBe(400);
    } finally {
      await simulated.close();
    }
  });
});

describe('write-back', () => {
  const events = alertHits.map(
    (hit) => normalizeElasticAlert(hit) as unknown as Record<string, unknown>,
  );

  it('bulk-creates OCSF findings in a data stream, and a retry creates no duplicate', async () => {
    const writes = elasticWrites();
    const simulated = await startElasticSimulator({ writes, rejectBulkItems: [3] });
    try {
      const es = createHttpClient({
        baseUrl: simulated.config.elasticsearchUrl,
        auth: staticToken({ token: encodedApiKey(ELASTIC_API_KEY), style: 'api-key' }),
        sleep: async () => undefined,
      });
      await putOcsfIndexTemplate(es, 'ocsf-findings', {
        classes: ['detection_finding'],
        indexPatterns: ['ocsf-findings-*'],
      });
      expect(writes.templates.has('ocsf-findings')).toBe(true);
      const first = await writeOcsfEvents(es, events, {
        dataStream: 'ocsf-findings-default',
        batchSize: 10,
      });
      expect(first).toEqual({ created: events.length, duplicates: 0, failed: [], requests: 3 });
      const stored = writes.documents.get('ocsf-findings-default');
      expect(stored?.size).toBe(events.length);
      const [id, document] = [...(stored?.entries() ?? [])][0] ?? [];
      expect(id).toBe(ocsfDocumentId(events[0]));
      expect(document).toMatchObject({ '@timestamp': expect.any(String), class_uid: 2004 });
      const bulkCall = simulated.simulator.requests.find((request) =>
        request.path.endsWith('/_bulk'),
      );
      expect(bulkCall?.headers['content-type']).toBe('application/x-ndjson');
      // the whole batch again, as after a lost response: nothing new is created
      const again = await writeOcsfEvents(es, events, { dataStream: 'ocsf-findings-default' });
      expect(again).toMatchObject({ created: 0, duplicates: events.length, failed: [] });
      expect(stored?.size).toBe(events.length);
    } finally {
      await simulated.close();
    }
  });

  it('derives the same id from the same event, whatever its key order', () => {
    expect(ocsfDocumentId({ a: 1, b: { c: 2 } })).toBe(ocsfDocumentId({ b: { c: 2 }, a: 1 }));
    expect(ocsfDocumentId({ a: 1 })).not.toBe(ocsfDocumentId({ a: 2 }));
  });

  it('generates the template mapping from OCSF attribute types', () => {
    const template = ocsfIndexTemplate({
      classes: ['detection_finding'],
      indexPatterns: ['ocsf-findings-*'],
    }) as {
      template: {
        mappings: {
          properties: Record<
            string,
            {
              type?: string;
              properties?: Record<
                string,
                { type?: string; properties?: Record<string, { type?: string }> }
              >;
            }
          >;
        };
      };
    };
    const properties = template.template.mappings.properties;
    expect(properties['time']?.type).toBe('date');
    expect(properties['severity_id']?.type).toBe('integer');
    expect(properties['is_alert']?.type).toBe('boolean');
    expect(properties['device']?.properties?.['ip']?.type).toBe('ip');
    expect(properties['finding_info']?.properties?.['uid']?.type).toBe('keyword');
    expect(properties['unmapped']?.type).toBe('flattened');
    expect(properties['@timestamp']?.type).toBe('date');
  });
});
