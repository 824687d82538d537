import { readFileSync } from 'node:fs';
import { buildActionInput } from '@openmdr/connector-kit';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { darktraceDate, darktraceSignature } from '../auth.js';
import { darktraceConnector } from '../index.js';
import {
  DARKTRACE_PRIVATE_TOKEN,
  DARKTRACE_PUBLIC_TOKEN,
  DARKTRACE_SIMULATOR_USERNAME,
  startDarktraceSimulator,
} from './index.js';

const modelBreaches = JSON.parse(
  readFileSync(new URL('../__fixtures__/model-breaches.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];

/** A model action awaiting confirmation on device 104. */
const pending: SimulatorRecord = {
  codeid: 5001,
  did: 104,
  ip: '10.20.2.10',
  action: 'quarantine',
  manual: false,
  triggerer: null,
  label: 'Quarantine device',
  detail: '',
  score: 0.91,
  pbid: 4812,
  model: 'Antigena / Network / External Threat / Antigena Quarantine Example',
  modeluuid: 'b1f0c3d2-6a7e-4f1b-8c9d-0e1f2a3b4c5d',
  start: Date.now() - 60_000,
  expires: Date.now() + 3_540_000,
  blocked: false,
  agemail: false,
  aghost: false,
  active: false,
  cleared: false,
};

type Started = Awaited<ReturnType<typeof startDarktraceSimulator>>;
let simulated: Started | undefined;
afterEach(async () => {
  await simulated?.close();
  simulated = undefined;
});

/** A signed request to the simulator: a GET, or a POST with a JSON body. */
async function signed(path: string, json?: unknown): Promise<Response> {
  if (!simulated) throw new Error('no simulator');
  const date = darktraceDate(Date.now());
  const body = json === undefined ? undefined : JSON.stringify(json);
  return fetch(`${simulated.config.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'DTAPI-Token': DARKTRACE_PUBLIC_TOKEN,
      'DTAPI-Date': date,
      'DTAPI-Signature': darktraceSignature(
        DARKTRACE_PRIVATE_TOKEN,
        path,
        body,
        DARKTRACE_PUBLIC_TOKEN,
        date,
      ),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
}

const list = async (query: string) =>
  (await (await signed(`/antigena?${query}`)).json()) as SimulatorRecord[];

describe('Darktrace RESPOND actions against the simulator', () => {
  it('quarantines a device found by IP, extends and releases it', async () => {
    simulated = await startDarktraceSimulator({ modelBreaches });
    const instance = await darktraceConnector.connect(simulated);
    const created = await instance.runAction('quarantine-device', {
      ip: '10.20.4.17',
      duration: 600,
      reason: 'ransomware beaconing',
    });
    expect(created).toMatchObject({ did: 101, action: 'quarantine', duration: 600 });
    const [action] = await list('did=101');
    expect(action).toMatchObject({
      codeid: created.codeid,
      did: 101,
      action: 'quarantine',
      manual: true,
      active: true,
      cleared: false,
      triggerer: { username: DARKTRACE_SIMULATOR_USERNAME, reason: 'ransomware beaconing' },
    });
    expect(Number(action?.['expires']) - Number(action?.['start'])).toBe(600_000);

    await instance.runAction('extend-respond-action', { codeid: created.codeid, duration: 7_200 });
    const [extended] = await list('did=101');
    expect(Number(extended?.['expires']) - Date.now()).toBeGreaterThan(7_000_000);

    const summary = (await (await signed('/antigena/summary')).json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ activeCount: 1, activeActionDevices: [101], pendingCount: 0 });

    const released = await instance.runAction('release-device', { did: 101 });
    expect(released).toEqual({ did: 101, cleared: [created.codeid] });
    expect(await list('did=101')).toEqual([]);
    const [cleared] = await list('did=101&includecleared=true');
    expect(cleared).toMatchObject({ active: false, cleared: true });
    // releasing again clears nothing and still succeeds: the undo is idempotent
    expect(await instance.runAction('release-device', { did: 101 })).toEqual({
      did: 101,
      cleared: [],
    });
    await instance.close();
  });

  it('blocks connections to an address from the device, and clears the block', async () => {
    simulated = await startDarktraceSimulator({ modelBreaches });
    const instance = await darktraceConnector.connect(simulated);
    const block = await instance.runAction('block-connections', {
      did: 103,
      destination: '203.0.113.50',
      port: 443,
    });
    expect(block).toMatchObject({ did: 103, action: 'connection', duration: 3_600 });
    const withConnections = (await (
      await signed('/antigena?did=103&includeconnections=true')
    ).json()) as { actions: SimulatorRecord[]; connections: SimulatorRecord[] };
    expect(withConnections.actions[0]).toMatchObject({
      codeid: block.codeid,
      action: 'connection',
      label: 'Block matching connections',
    });
    expect(withConnections.connections).toEqual([
      expect.objectContaining({ did: 103, ip: '203.0.113.50', port: 443 }),
    ]);
    await instance.runAction('clear-respond-action', { codeid: block.codeid, reason: 'benign' });
    expect(await list('did=103')).toEqual([]);
    await instance.close();
  });

  it('activates, clears and reactivates a pending model action', async () => {
    simulated = await startDarktraceSimulator({ modelBreaches, antigenaActions: [pending] });
    const instance = await darktraceConnector.connect(simulated);
    expect((await list('needconfirming=true')).map((action) => action['codeid'])).toEqual([5001]);
    await instance.runAction('activate-respond-action', { codeid: 5001, duration: 300 });
    expect(await list('needconfirming=true')).toEqual([]);
    const [active] = await list('codeid=5001');
    expect(active).toMatchObject({ active: true, cleared: false });
    // activating an active action is refused
    await expect(
      instance.runAction('activate-respond-action', { codeid: 5001 }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^CONNECTOR_/) });
    await instance.runAction('clear-respond-action', { codeid: 5001 });
    // a cleared action needs a duration to come back
    const refused = await signed('/antigena', { codeid: 5001, activate: true });
    expect(refused.status).toBe(400);
    await instance.runAction('reactivate-respond-action', { codeid: 5001, duration: 900 });
    const [back] = await list('codeid=5001');
    expect(back).toMatchObject({ active: true, cleared: false });
    expect(
      ((back?.['history'] ?? []) as { action: string }[]).map((entry) => entry.action),
    ).toEqual(['activated', 'cleared', 'reactivated (cleared)']);
    await instance.close();
  });

  it('answers the documented errors', async () => {
    simulated = await startDarktraceSimulator({ modelBreaches, auditAntigena: true });
    expect((await signed('/antigena', { codeid: 999_999, clear: true, reason: 'x' })).status).toBe(
      404,
    );
    expect((await signed('/antigena', { codeid: 5001, activate: true, clear: true })).status).toBe(
      400,
    );
    const noReason = await signed('/antigena/manual', {
      did: 101,
      action: 'quarantine',
      duration: 60,
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toEqual({ error: 'reason is required (Audit Antigena)' });
    const unknownDevice = await signed('/antigena/manual', {
      did: 9_999,
      action: 'quarantine',
      duration: 60,
      reason: 'x',
    });
    expect(unknownDevice.status).toBe(400);
    const noPairs = await signed('/antigena/manual', {
      did: 101,
      action: 'connection',
      duration: 60,
      reason: 'x',
    });
    expect(noPairs.status).toBe(400);
    expect(await (await signed('/devices?ip=192.0.2.200')).json()).toEqual({});

    const instance = await darktraceConnector.connect(simulated);
    const result = await instance.startAction('quarantine-device', {
      ip: '192.0.2.200',
      reason: 'x',
    });
    expect(result).toEqual({
      status: 'failed',
      reason: 'Darktrace knows no device with IP 192.0.2.200',
    });
    await instance.close();
  });

  it('builds inputs from vendor-neutral requests', () => {
    const { manifest } = darktraceConnector;
    expect(
      buildActionInput(manifest, {
        kind: 'contain_device',
        requestId: 'r-1',
        target: { device: { uid: '101', hostname: 'ws-fin-017' } },
        reason: 'incident 42',
        options: { durationMs: 1_800_000 },
      }),
    ).toEqual({
      action: 'quarantine-device',
      input: { did: '101', reason: 'incident 42', duration: 1_800 },
    });
    expect(
      buildActionInput(manifest, {
        kind: 'allow_device',
        requestId: 'r-2',
        target: { device: { ip: '10.20.4.17' } },
      }),
    ).toEqual({ action: 'release-device', input: { ip: '10.20.4.17' } });
    expect(
      buildActionInput(manifest, {
        kind: 'deny_ip',
        requestId: 'r-3',
        target: { device: { uid: '103' }, ip: '203.0.113.50' },
      }),
    ).toEqual({ action: 'block-connections', input: { did: '103', destination: '203.0.113.50' } });
    expect(() =>
      buildActionInput(manifest, { kind: 'deny_ip', requestId: 'r-4', target: { ip: '1.2.3.4' } }),
    ).toThrow(/target\.device\.uid or target\.device\.ip/);
  });
});
