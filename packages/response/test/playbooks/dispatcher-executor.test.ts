import { openStore } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import type { Command, CommandResponse } from '../../src/actions/index.js';
import { type Actuator, ActuatorRegistry, CommandDispatcher } from '../../src/actuators/index.js';
import { AuditLog } from '../../src/audit/index.js';
import {
  createDispatcherExecutor,
  openc2Command,
  PlaybookEngine,
  playbook,
} from '../../src/playbooks/index.js';
import { parsePolicy } from '../../src/policy/index.js';

function edr(): Actuator & { started: string[] } {
  const started: string[] = [];
  const ok = (command: Command): CommandResponse => ({
    request_id: command.request_id,
    status: 200,
  });
  return {
    id: 'edr',
    kinds: ['contain_device', 'allow_device', 'deny_ip', 'allow_ip'],
    started,
    accepts: () => true,
    async start(command) {
      started.push(`${command.action} ${command.request_id}`);
      return ok(command);
    },
    async poll(command) {
      return ok(command);
    },
    async execute(command) {
      started.push(`${command.action} ${command.request_id}`);
      return ok(command);
    },
  };
}

describe('createDispatcherExecutor', () => {
  it('runs playbook commands through the dispatcher: policy, actuator, audit, compensation', async () => {
    const store = (await openStore({ kind: 'memory' })).forTenant('acme');
    const actuator = edr();
    const audit = new AuditLog(store);
    const dispatcher = new CommandDispatcher({
      store,
      registry: new ActuatorRegistry([actuator]),
      policy: parsePolicy({
        version: 1,
        defaultDecision: 'deny',
        rules: [{ id: 'contain', actions: ['contain_device', 'allow_device'], decision: 'allow' }],
      }),
      audit,
    });
    const contain = playbook('contain-then-block')
      .action('contain', {
        commands: [openc2Command({ action: 'contain', target: { device: { hostname: 'ws-1' } } })],
      })
      .action('block', {
        commands: [openc2Command({ action: 'deny', target: { ipv4_net: '203.0.113.9' } })],
      })
      .end('done')
      .build();
    const engine = new PlaybookEngine({
      store,
      executors: { 'openc2-http': createDispatcherExecutor(dispatcher) },
    });
    const state = await engine.run(contain, { runId: 'incident-9' });
    // deny_ip is refused by the policy: the run fails and the containment is lifted.
    expect(state.failure?.code).toBe('ACTION_REFUSED');
    expect(state.status).toBe('compensated');
    expect(actuator.started).toEqual([
      `contain ${state.completed[0]?.requestId}`,
      `allow ${state.completed[0]?.requestId}:undo`,
    ]);
    const types = (await audit.read()).map((record) => record.type);
    expect(types).toContain('command.refused');
    expect(types).toContain('command.sent');
  });
});
