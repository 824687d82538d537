import { readFileSync } from 'node:fs';
import { createTestSecretProvider } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import { hecChannelOf, hecEventId, splunkConnector } from './index.js';
import {
  SPLUNK_HEC_DATASET,
  SPLUNK_TOKEN,
  splitConcatenatedJson,
  startSplunkSimulator,
} from './simulator/index.js';

const findings = JSON.parse(
  readFileSync(new URL('./__fixtures__/notables.ocsf.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[];

async function connected(
  simulatorOptions: Parameters<typeof startSplunkSimulator>[0] = {},
  hec: Record<string, unknown> = {},
) {
  const simulated = await startSplunkSimulator(simulatorOptions);
  const instance = await splunkConnector.connect({
    ...simulated,
    tenant: 'acme',
    config: {
      ...simulated.config,
      hec: { ...simulated.config.hec, batchSize: 5, index: 'openmdr', ...hec },
    },
    sleep: async () => {},
  });
  return { simulated, instance };
}

describe('write-findings through HEC', () => {
  it('sends the findings batched, as concatenated envelopes, with a channel', async () => {
    const { simulated, instance } = await connected();
    try {
      const output = await instance.runAction('write-findings', { events: findings });
      expect(output).toMatchObject({ sent: findings.length, batches: 4 });
      const posts = simulated.simulator.requests.filter(
        (request) => request.path === '/services/collector/event',
      );
      expect(posts).toHaveLength(4);
      expect(
        posts.every((post) => post.headers['x-splunk-request-channel'] === hecChannelOf('acme')),
      ).toBe(true);
      const received = simulated.simulator.records(SPLUNK_HEC_DATASET);
      expect(received).toHaveLength(findings.length);
      expect(received[0]).toMatchObject({
        index: 'openmdr',
        source: 'openmdr',
        sourcetype: 'ocsf:finding',
        time: (findings[0]?.['time'] as number) / 1000,
        event: findings[0],
        fields: { openmdr_uid: hecEventId(findings[0] ?? {}) },
      });
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('retries a busy collector (503) and a 429 without creating duplicates', async () => {
    const { simulated, instance } = await connected({
      faults: [
        { type: 'server-error', at: [2], status: 503 },
        { type: 'rate-limit', at: [4], retryAfterSeconds: 1 },
      ],
    });
    try {
      await instance.runAction('write-findings', { events: findings });
      const received = simulated.simulator.records(SPLUNK_HEC_DATASET);
      const ids = received.map((event) => (event['fields'] as { openmdr_uid: string }).openmdr_uid);
      expect(new Set(ids).size).toBe(findings.length);
      expect(ids).toHaveLength(findings.length);
      expect(simulated.simulator.requests.map((request) => request.status)).toContain(503);
      expect(simulated.simulator.requests.map((request) => request.status)).toContain(429);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('waits for indexer acknowledgement of every batch', async () => {
    const channel = '8b2a0d63-4c1e-4f5a-9d7e-2f6b1c3a4e50';
    const { simulated, instance } = await connected(
      { acknowledge: true, pendingAckPolls: 1 },
      { acknowledge: true, channel },
    );
    try {
      const output = await instance.runAction('write-findings', { events: findings.slice(0, 7) });
      expect(output).toMatchObject({ sent: 7, batches: 2 });
      const acks = simulated.simulator.requests.filter(
        (request) => request.path === '/services/collector/ack',
      );
      expect(acks).toHaveLength(2); // pending once, then indexed
      expect(acks[0]?.body).toEqual({ acks: [0, 1] });
      expect(acks[0]?.query['channel']).toBe(channel);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });

  it('gives the same event the same id, and the channel the same GUID across restarts', () => {
    expect(hecEventId(findings[0] ?? {})).toBe(hecEventId(structuredClone(findings[0] ?? {})));
    expect(hecEventId({ class_uid: 0, time: 1 })).toMatch(/^[0-9a-f]{64}$/);
    expect(hecChannelOf('acme')).toBe(hecChannelOf('acme'));
    expect(hecChannelOf('acme')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('is refused by the simulated collector with a wrong HEC token or without a channel under ack', async () => {
    const simulated = await startSplunkSimulator({ acknowledge: true });
    try {
      const wrong = await splunkConnector.connect({
        config: simulated.config,
        secrets: createTestSecretProvider({
          'splunk.token': SPLUNK_TOKEN,
          'splunk.hec_token': 'sim-wrong-hec-token-0000',
        }),
        retry: false,
      });
      await expect(
        wrong.runAction('write-findings', { events: findings.slice(0, 1) }),
      ).rejects.toMatchObject({ code: 'CONNECTOR_AUTH' });
      await wrong.close();
      const response = await fetch(`${simulated.simulator.url}/services/collector/event`, {
        method: 'POST',
        headers: { authorization: 'Splunk 00000000-0000-4000-8000-00000000cafe' },
        body: '{"event":"a"}{"event":"b"}',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ text: 'Data channel is missing', code: 10 });
    } finally {
      await simulated.close();
    }
  });

  it('splits concatenated JSON as HEC does', () => {
    expect(splitConcatenatedJson('{"event":"a{"}{"event":{"b":1}}\n{"event":"c\\"}"}')).toEqual([
      { event: 'a{' },
      { event: { b: 1 } },
      { event: 'c"}' },
    ]);
    expect(splitConcatenatedJson('{"event":1} x')).toBeUndefined();
  });
});
