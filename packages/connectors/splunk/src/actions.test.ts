import { readFileSync } from 'node:fs';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import { splunkConnector, updateNotableInputSchema } from './index.js';
import { startSplunkSimulator } from './simulator/index.js';

const notables = JSON.parse(
  readFileSync(new URL('./__fixtures__/notables.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];

describe('update-notable', () => {
  it('posts ruleUIDs, status, urgency, newOwner and comment as a form and Splunk applies them', async () => {
    const simulated = await startSplunkSimulator({ notables });
    const ids = notables.slice(0, 2).map((notable) => String(notable['event_id']));
    try {
      const instance = await splunkConnector.connect(simulated);
      const output = await instance.runAction('update-notable', {
        eventIds: ids,
        status: 2,
        urgency: 'critical',
        owner: 'analyst1',
        comment: 'IR-1234: investigating',
      });
      expect(output).toEqual({ eventIds: ids, message: '2 events updated successfully' });
      const updated = simulated.simulator
        .records('index:notable')
        .filter((notable) => ids.includes(String(notable['event_id'])));
      expect(updated).toHaveLength(2);
      for (const notable of updated) {
        expect(notable).toMatchObject({
          status: '2',
          urgency: 'critical',
          owner: 'analyst1',
          comment: 'IR-1234: investigating',
        });
      }
      await instance.close();
    } finally {
      await simulated.close();
    }
  });

  it('needs at least one change, a known urgency and implements no action kind', () => {
    expect(updateNotableInputSchema.safeParse({ eventIds: ['a'] }).success).toBe(false);
    expect(updateNotableInputSchema.safeParse({ eventIds: ['a'], urgency: 'urgent' }).success).toBe(
      false,
    );
    expect(updateNotableInputSchema.safeParse({ eventIds: [], status: 1 }).success).toBe(false);
    expect(splunkConnector.manifest.actions['update-notable']?.implements).toBeUndefined();
  });
});
