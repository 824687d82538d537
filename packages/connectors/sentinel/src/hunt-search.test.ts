import { ConnectorResponseError, ConnectorSearchError, searchOf } from '@openmdr/connector-kit';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import { sentinelConnector } from './index.js';
import { type SentinelSimulatorData, startSentinelSimulator } from './simulator/index.js';

const HUNT = "SecurityEvent | where EventID == 4688 and NewProcessName endswith '\\\\rundll32.exe'";
const rows: SimulatorRecord[] = [1, 2, 3, 4, 5].map((n) => ({
  TimeGenerated: `2026-03-02T0${n}:00:00Z`,
  _ItemId: `item-${n}`,
  EventID: 4688,
  Computer: `ws-${n}`,
  NewProcessName: 'C:\\Windows\\System32\\rundll32.exe',
}));
const range = { from: Date.parse('2026-03-02T01:00:00Z'), to: Date.parse('2026-03-02T05:00:00Z') };

async function hunt(query: string, data: SentinelSimulatorData = {}) {
  const simulated = await startSentinelSimulator({
    seededQueries: [{ query: HUNT, rows }],
    ...data,
  });
  const instance = await sentinelConnector.connect({
    ...simulated,
    tenant: 'acme',
    config: { ...simulated.config, queryRowLimit: 2 },
  });
  try {
    const found: Record<string, unknown>[] = [];
    for await (const row of searchOf(instance)?.runQuery(query, range) ?? []) found.push(row);
    return { found, requests: simulated.simulator.requests };
  } finally {
    await instance.close();
    await simulated.close();
  }
}

describe('sentinel search capability', () => {
  it('runs the KQL over [from, to) of TimeGenerated, paged by take, each row once', async () => {
    const { found, requests } = await hunt(HUNT);
    expect(found.map((row) => row['_ItemId'])).toEqual(['item-1', 'item-2', 'item-3', 'item-4']);
    const queries = requests.filter((request) => request.path.endsWith('/query'));
    // pages of 2 continue from the last TimeGenerated: the boundary row comes twice, yielded once
    expect(queries.length).toBeGreaterThanOrEqual(3);
    const body = queries[0]?.body as { query: string; timespan: string };
    expect(body.query.startsWith(HUNT)).toBe(true);
    expect(body.timespan).toBe('2026-03-02T01:00:00.000Z/2026-03-02T05:00:00.000Z');
  });

  it('is a ConnectorSearchError with the service message for a query it refuses', async () => {
    const refused = hunt('SecurityEvent | where EventID == 1');
    await expect(refused).rejects.toBeInstanceOf(ConnectorSearchError);
    await expect(refused).rejects.toThrow(/no rows seeded/);
  });

  it('throws on a partial result instead of returning fewer rows', async () => {
    const simulated = await startSentinelSimulator({ alerts: [], partialErrorAt: [1] });
    const instance = await sentinelConnector.connect({ ...simulated });
    try {
      const drain = async () => {
        for await (const _ of searchOf(instance)?.runQuery('SecurityAlert', range) ?? []) break;
      };
      await expect(drain()).rejects.toBeInstanceOf(ConnectorResponseError);
    } finally {
      await instance.close();
      await simulated.close();
    }
  });
});
