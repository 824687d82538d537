import { readFileSync } from 'node:fs';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import { splunkConnector } from '../index.js';
import { startSplunkSimulator } from './index.js';

const notables = JSON.parse(
  readFileSync(new URL('../__fixtures__/notables.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];

describe('startSplunkSimulator', () => {
  it('serves the notables to the connector through search jobs and updates them', async () => {
    const simulated = await startSplunkSimulator({ notables, startAt: '2026-01-01T00:00:00Z' });
    try {
      const instance = await splunkConnector.connect({
        ...simulated,
        config: { ...simulated.config, pollIntervalMs: 1 },
      });
      const ids: string[] = [];
      for await (const batch of instance.read('notables')) {
        ids.push(...batch.records.map((record) => String((record as SimulatorRecord)['event_id'])));
      }
      expect(ids.sort()).toEqual(notables.map((notable) => String(notable['event_id'])).sort());
      const first = ids[0] ?? '';
      const output = await instance.runAction('update-notable', {
        eventIds: [first],
        status: 5,
        comment: 'closed by OpenMDR',
      });
      expect(output).toEqual({ eventIds: [first], message: '1 event updated successfully' });
      const updated = simulated.simulator
        .records('index:notable')
        .find((notable) => notable['event_id'] === first);
      expect(updated).toMatchObject({ status: '5', comment: 'closed by OpenMDR' });
      await instance.close();
    } finally {
      await simulated.close();
    }
  });
});
