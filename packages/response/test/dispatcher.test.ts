import { createOpenMdrBus, ManualClock, openMemoryStore, type TenantStore } from '@openmdr/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActuatorRegistry,
  ApprovalService,
  AuditLog,
  CommandDispatcher,
  createCommand,
  createConnectorActuator,
  parsePolicy,
  type ResponsePolicyInput,
  undoCommand,
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

const allowAll: ResponsePolicyInput = {
  version: 1,
  rules: [{ id: 'auto', actions: '*', decision: 'allow' }],
};

async function setup(
  policyInput: ResponsePolicyInput = allowAll,
  options: { store?: TenantStore; clock?: ManualClock } = {},
) {
  const falcon = await simulatedCrowdstrike(2);
  open.push(falcon as Simulated<unknown>);
  const clock = options.clock ?? new ManualClock(Date.UTC(2026, 10, 18, 9, 0));
  const store = options.store ?? (await openMemoryStore({ clock })).forTenant('acme');
  const bus = createOpenMdrBus();
  const events: Array<[string, unknown]> = [];
  bus.on('action.requested', (payload) => {
    events.push(['action.requested', payload]);
  });
  bus.on('action.completed', (payload) => {
    events.push(['action.completed', payload]);
  });
  const audit = new AuditLog(store, { clock });
  const approvals = new ApprovalService({ store, bus, audit, clock });
  const registry = new ActuatorRegistry([createConnectorActuator(falcon.instance)]);
  const dispatcher = new CommandDispatcher({
    store,
    registry,
    policy: parsePolicy(policyInput),
    approvals,
    audit,
    bus,
    clock,
    pollIntervalMs: 1,
    sleep: async () => {},
  });
  const containCalls = () =>
    falcon
      .apiRequests()
      .filter((request) => request.path === '/devices/entities/devices-actions/v2');
  return {
    falcon,
    store,
    clock,
    bus,
    events,
    audit,
    approvals,
    registry,
    dispatcher,
    containCalls,
  };
}

const contain = (requestId = 'incident-42:contain') =>
  createCommand('contain_device', { device: { device_id: crowdstrikeHost } }, { requestId });

describe('CommandDispatcher', () => {
  it('acts once for the same request_id: the second dispatch returns the recorded response', async () => {
    const { dispatcher, containCalls, events, audit } = await setup();
    const first = await dispatcher.dispatch(contain(), {
      actor: 'playbook:run-1',
      incidentId: 'incident-42',
    });
    expect(first).toMatchObject({
      replayed: false,
      kind: 'contain_device',
      response: { status: 200 },
    });
    const second = await dispatcher.dispatch(contain(), { actor: 'playbook:run-1' });
    expect(second.replayed).toBe(true);
    expect(second.response).toEqual(first.response);
    expect(containCalls()).toHaveLength(1);
    expect(events.map(([name]) => name)).toEqual(['action.requested', 'action.completed']);
    expect(events[1]?.[1]).toMatchObject({ status: 'succeeded', action: 'contain_device' });
    expect((await audit.read()).map((record) => record.type)).toEqual([
      'command.received',
      'policy.decided',
      'command.sent',
      'state.changed',
      'command.response',
      'state.changed',
    ]);
    expect((await audit.verify()).valid).toBe(true);
  });

  it('acts once when two dispatchers on one store race the same request_id', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 18, 9, 0));
    const store = (await openMemoryStore({ clock })).forTenant('acme');
    const a = await setup(allowAll, { store, clock });
    const b = await setup(allowAll, { store, clock });
    const results = await Promise.all([
      a.dispatcher.dispatch(contain('race')),
      b.dispatcher.dispatch(contain('race')),
    ]);
    expect(a.containCalls().length + b.containCalls().length).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
  });

  it('refuses a request_id reused for a different command', async () => {
    const { dispatcher } = await setup();
    await dispatcher.dispatch(contain('r1'));
    const other = createCommand(
      'allow_device',
      { device: { device_id: crowdstrikeHost } },
      { requestId: 'r1' },
    );
    expect((await dispatcher.dispatch(other)).response).toMatchObject({
      status: 400,
      status_text: expect.stringMatching(/different command/),
    });
  });

  it('refuses what the policy denies, with its reason, recorded, and never calls the vendor', async () => {
    const { dispatcher, containCalls, audit, events } = await setup({ version: 1 });
    const outcome = await dispatcher.dispatch(contain());
    expect(outcome.response.status).toBe(403);
    expect(outcome.response.status_text).toMatch(/no rule matched contain_device: default deny/);
    expect(containCalls()).toHaveLength(0);
    expect((await audit.read()).map((record) => record.type)).toEqual([
      'command.received',
      'policy.decided',
      'command.refused',
    ]);
    expect(events[0]).toEqual(['action.completed', expect.objectContaining({ status: 'skipped' })]);
    expect((await dispatcher.dispatch(contain())).replayed).toBe(true);
  });

  it('holds for approval, then acts once approved', async () => {
    const { dispatcher, approvals, containCalls, audit } = await setup({
      version: 1,
      rules: [
        { id: 'contain-needs-approval', actions: ['contain_device'], decision: 'require_approval' },
      ],
    });
    const held = await dispatcher.dispatch(contain());
    expect(held.response).toMatchObject({
      status: 102,
      results: { 'x-openmdr': { approval_id: 'approval:incident-42:contain' } },
    });
    expect((await dispatcher.dispatch(contain())).response.status).toBe(102);
    expect(containCalls()).toHaveLength(0);
    await approvals.approve(
      'approval:incident-42:contain',
      { id: 'alice@example.com', groups: ['responders'] },
      'host is patient zero',
    );
    const done = await dispatcher.dispatch(contain());
    expect(done.response.status).toBe(200);
    expect((await dispatcher.dispatch(contain())).replayed).toBe(true);
    expect(containCalls()).toHaveLength(1);
    const types = (await audit.read()).map((record) => record.type);
    expect(types.slice(0, 4)).toEqual([
      'command.received',
      'policy.decided',
      'approval.requested',
      'approval.decided',
    ]);
    expect(types).toContain('command.response');
  });

  it('refuses after a denied or expired approval', async () => {
    const { dispatcher, approvals, clock, containCalls } = await setup({
      version: 1,
      rules: [{ id: 'approve', actions: '*', decision: 'require_approval' }],
    });
    await dispatcher.dispatch(contain('a'));
    await approvals.deny(
      'approval:a',
      { id: 'alice@example.com', groups: ['responders'] },
      'server is critical',
    );
    expect((await dispatcher.dispatch(contain('a'))).response.status_text).toMatch(
      /approval denied by alice@example.com: server is critical/,
    );
    await dispatcher.dispatch(contain('b'));
    clock.advance(2 * 3_600_000);
    expect((await dispatcher.dispatch(contain('b'))).response).toMatchObject({
      status: 403,
      status_text: expect.stringMatching(/expired/),
    });
    expect(containCalls()).toHaveLength(0);
  });

  it('counts its own dispatches for blast-radius limits', async () => {
    const { dispatcher, containCalls } = await setup({
      version: 1,
      rules: [{ id: 'auto', actions: '*', decision: 'allow' }],
      limits: [
        { id: 'one-host-per-hour', actions: ['contain_device'], max: 1, windowMs: 3_600_000 },
      ],
    });
    expect((await dispatcher.dispatch(contain('first'))).response.status).toBe(200);
    const other = createCommand(
      'contain_device',
      { device: { device_id: 'f'.repeat(32) } },
      { requestId: 'second' },
    );
    const refused = await dispatcher.dispatch(other);
    expect(refused.response.status).toBe(403);
    expect(refused.decision?.exceededLimits).toEqual(['one-host-per-hour']);
    expect(containCalls()).toHaveLength(1);
  });

  it('compensates with the undo command, itself idempotent', async () => {
    const { dispatcher, falcon } = await setup();
    const original = contain();
    await dispatcher.dispatch(original);
    const undo = undoCommand(original);
    if (undo === null) throw new Error('contain has an undo');
    expect((await dispatcher.dispatch(undo)).response.results?.['x-openmdr']?.output).toEqual({
      deviceId: crowdstrikeHost,
      status: 'normal',
    });
    await dispatcher.dispatch(undo);
    const actions = falcon
      .apiRequests()
      .filter((request) => request.path === '/devices/entities/devices-actions/v2')
      .map((request) => request.query['action_name']);
    expect(actions).toEqual(['contain', 'lift_containment']);
  });

  it('answers 400 for an invalid command and 501 without an actuator', async () => {
    const { dispatcher, audit } = await setup();
    expect(
      (await dispatcher.dispatch({ request_id: 'x', action: 'explode', target: {} })).response
        .status,
    ).toBe(400);
    const account = createCommand(
      'disable_account',
      { 'er:account': { uid: 'u1' } },
      { requestId: 'acc' },
    );
    expect((await dispatcher.dispatch(account)).response).toMatchObject({
      status: 501,
      results: { 'x-openmdr': { error_code: 'RESPONSE_NO_ACTUATOR' } },
    });
    expect((await audit.read())[0]?.type).toBe('command.refused');
  });
});
