import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crowdstrikeConnector } from '@openmdr/connector-crowdstrike';
import { defenderConnector } from '@openmdr/connector-defender';
import { entraConnector } from '@openmdr/connector-entra';
import { suricataConnector } from '@openmdr/connector-suricata';
import { zeekConnector } from '@openmdr/connector-zeek';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FALCON_PATHS,
  type SimulatedEntraUser,
  type StartedSimulator,
  startDefenderSimulator,
  startEntraSimulator,
  startFalconSimulator,
  startSuricataEveSimulator,
  startZeekLogSimulator,
} from './simulators.js';

const running: StartedSimulator<unknown>[] = [];
afterEach(async () => {
  for (const item of running.splice(0)) await item.close();
});

const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe('vendor simulators', () => {
  it('Falcon: serves hosts and alerts added while running, and contains a host after polls', async () => {
    const host = {
      device_id: 'a1f0c3d2e4b5968778695a4b3c2d1e0f',
      hostname: 'WS-1',
      modified_timestamp: iso(-60_000),
      status: 'normal',
      platform_name: 'Windows',
    };
    const falcon = await startFalconSimulator({ hosts: [host], pendingPolls: 1 });
    running.push(falcon);
    const instance = await crowdstrikeConnector.connect({
      ...falcon,
      tenant: 'acme',
      rateLimit: false,
    });
    const read = async () => {
      const records: unknown[] = [];
      for await (const batch of instance.read('alerts')) records.push(...batch.records);
      return records;
    };
    expect(await read()).toEqual([]);
    expect(falcon.simulator.records(FALCON_PATHS.alertsQuery)).toHaveLength(0);
    const output = await instance.runAction(
      'contain',
      { deviceId: host.device_id },
      { pollIntervalMs: 1 },
    );
    expect(output).toMatchObject({ deviceId: host.device_id });
    const actions = falcon.simulator.requests.filter((request) =>
      request.path.startsWith(FALCON_PATHS.deviceActions),
    );
    expect(actions.map((request) => request.query['action_name'])).toEqual(['contain']);
    await instance.close();
  });

  it('Entra: reads sign-ins added later and disables a user of the directory', async () => {
    const users: SimulatedEntraUser[] = [
      { id: '6f1c2a30-1b2c-4d5e-8f90-0a1b2c3d4e01', userPrincipalName: 'jdoe@acme.example' },
    ];
    const entra = await startEntraSimulator({ users });
    running.push(entra);
    const instance = await entraConnector.connect({ ...entra, tenant: 'acme', rateLimit: false });
    await instance.runAction('disable-account', { userId: 'jdoe@acme.example' });
    expect(users[0]?.accountEnabled).toBe(false);
    await expect(
      instance.runAction('disable-account', { userId: 'nobody@acme.example' }),
    ).rejects.toThrow();
    await instance.close();
  });

  it('Defender: serves Graph alerts added while running', async () => {
    const defender = await startDefenderSimulator();
    running.push(defender);
    const instance = await defenderConnector.connect({
      ...defender,
      tenant: 'acme',
      rateLimit: false,
    });
    defender.simulator.addRecord('/v1.0/security/alerts_v2', {
      id: 'da-1',
      title: 'Phishing email delivered',
      severity: 'high',
      status: 'new',
      serviceSource: 'microsoftDefenderForOffice365',
      createdDateTime: iso(-5_000),
      lastUpdateDateTime: iso(-5_000),
      evidence: [],
    });
    const records: unknown[] = [];
    for await (const batch of instance.read('xdr-alerts')) records.push(...batch.records);
    expect(records).toHaveLength(1);
    await instance.close();
  });

  it('Zeek and Suricata: log writers whose files the file connectors read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openmdr-umbrella-logs-'));
    try {
      const zeek = await startZeekLogSimulator({ dir, logs: ['conn'], recordsPerSecond: 0 });
      const eve = await startSuricataEveSimulator({ dir, recordsPerSecond: 0 });
      await zeek.write(3);
      await zeek.rotate();
      await zeek.write(2);
      await eve.write(4);
      await zeek.stop();
      await eve.stop();
      const count = async (read: AsyncIterable<{ records: readonly unknown[] }>) => {
        let lines = 0;
        for await (const batch of read) lines += batch.records.length;
        return lines;
      };
      const zeekInstance = await zeekConnector.connect({ config: { logDir: dir } });
      expect(await count(zeekInstance.read('conn'))).toBe(5);
      const suricata = await suricataConnector.connect({
        config: { paths: join(dir, 'eve.json*') },
      });
      expect(await count(suricata.read('eve'))).toBe(4);
      await zeekInstance.close();
      await suricata.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
