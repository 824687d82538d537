import { readFileSync } from 'node:fs';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import { securitylakeConnector } from '../index.js';
import { startSecuritylakeSimulator } from './index.js';

const alerts = JSON.parse(
  readFileSync(new URL('../__fixtures__/alerts.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];

describe('startSecuritylakeSimulator', () => {
  it('serves the fixtures to the connector and completes isolate-host', async () => {
    const simulated = await startSecuritylakeSimulator({ alerts, startAt: '2025-01-01T00:00:00Z' });
    try {
      const instance = await securitylakeConnector.connect(simulated);
      const ids: string[] = [];
      for await (const batch of instance.read('alerts')) {
        ids.push(...batch.records.map((record) => String((record as SimulatorRecord)['id'])));
      }
      expect(ids.sort()).toEqual(alerts.map((alert) => String(alert['id'])).sort());
      const output = await instance.runAction(
        'isolate-host',
        { hostId: 'host-1' },
        { pollIntervalMs: 1 },
      );
      expect(output).toEqual({ hostId: 'host-1', status: 'isolated' });
      await instance.close();
    } finally {
      await simulated.close();
    }
  });
});
