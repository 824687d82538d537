import { ManualClock, openMemoryStore } from '@openmdr/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Actuator,
  ActuatorRegistry,
  CommandDispatcher,
  createCommand,
  createConnectorActuator,
  parsePolicy,
} from '../src/index.js';
import {
  crowdstrikeHost,
  type Simulated,
  simulatedCrowdstrike,
} from './support/vendor-simulators.js';

const open: Array<Simulated<unknown>> = [];
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
});
const policy = parsePolicy({
  version: 1,
  rules: [{ id: 'auto', actions: '*', decision: 'allow' }],
});
const command = createCommand(
  'contain_device',
  { device: { device_id: crowdstrikeHost } },
  { requestId: 'incident-1:contain' },
);

describe('CommandDispatcher recovery', () => {
  it('resumes polling a started action from another dispatcher without starting it again', async () => {
    const falcon = await simulatedCrowdstrike(4);
    open.push(falcon as Simulated<unknown>);
    const clock = new ManualClock(0);
    const store = (await openMemoryStore({ clock })).forTenant('acme');
    const registry = new ActuatorRegistry([createConnectorActuator(falcon.instance)]);
    const impatient = new CommandDispatcher({
      store,
      registry,
      policy,
      clock,
      pollIntervalMs: 1_000,
      pollTimeoutMs: 1_500,
      sleep: async (ms) => clock.advance(ms),
    });
    const first = await impatient.dispatch(command);
    expect(first.response.status).toBe(102);
    expect(await impatient.status(command.request_id)).toEqual({ state: 'pending' });
    const restarted = new CommandDispatcher({
      store,
      registry,
      policy,
      clock,
      pollIntervalMs: 1,
      sleep: async () => {},
    });
    const resumed = await restarted.dispatch(command);
    expect(resumed).toMatchObject({ replayed: true, response: { status: 200 } });
    const starts = falcon
      .apiRequests()
      .filter((request) => request.path === '/devices/entities/devices-actions/v2');
    expect(starts).toHaveLength(1);
    expect((await restarted.status(command.request_id))?.state).toBe('completed');
  });

  it('takes over a claim whose dispatcher died before calling the vendor, after the lease', async () => {
    const falcon = await simulatedCrowdstrike(0);
    open.push(falcon as Simulated<unknown>);
    const clock = new ManualClock(0);
    const store = (await openMemoryStore({ clock })).forTenant('acme');
    const real = createConnectorActuator(falcon.instance);
    const hanging: Actuator = { ...real, start: () => new Promise(() => {}) };
    const dead = new CommandDispatcher({
      store,
      registry: new ActuatorRegistry([hanging]),
      policy,
      clock,
    });
    void dead.dispatch(command);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const live = new CommandDispatcher({
      store,
      registry: new ActuatorRegistry([real]),
      policy,
      clock,
      leaseMs: 60_000,
      pollIntervalMs: 1,
      sleep: async () => {},
    });
    expect((await live.dispatch(command)).response).toMatchObject({
      status: 102,
      status_text: expect.stringMatching(/claimed/),
    });
    clock.advance(61_000);
    expect((await live.dispatch(command)).response.status).toBe(200);
    expect(
      falcon
        .apiRequests()
        .filter((request) => request.path === '/devices/entities/devices-actions/v2'),
    ).toHaveLength(1);
  });
});
