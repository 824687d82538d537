import { panosConnector } from '@openmdr/connector-panos';
import { startPanosSimulator } from '@openmdr/connector-panos/simulator';
import { openStore, type Store } from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActuatorRegistry,
  AuditLog,
  CommandDispatcher,
  createBlocklistActuator,
  createCommand,
  createConnectorActuator,
  parsePolicy,
  undoCommand,
} from '../../src/index.js';

// Network containment at once: the dispatcher sends deny_ip to the PAN-OS connector (dynamic
// address group tags over the XML API, against the public firewall simulator), audited, and its
// undo unregisters the tag. The published blocklist stays the fallback for other addresses.
describe('network containment through PAN-OS dynamic address groups', () => {
  let store: Store;
  let simulated: Awaited<ReturnType<typeof startPanosSimulator>>;
  let firewall: Awaited<ReturnType<typeof panosConnector.connect>>;

  beforeAll(async () => {
    store = await openStore({ kind: 'memory' });
    simulated = await startPanosSimulator();
    firewall = await panosConnector.connect({
      tenant: 'acme',
      config: simulated.config,
      secrets: simulated.secrets,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5 },
    });
  });
  afterAll(async () => {
    await firewall.close();
    await simulated.close();
    await store.close();
  });

  it('tags the C2 address on the firewall, audits it, and lifts it with the undo', async () => {
    const tenant = store.forTenant('acme');
    const audit = new AuditLog(tenant);
    const dispatcher = new CommandDispatcher({
      store: tenant,
      registry: new ActuatorRegistry([
        createConnectorActuator(firewall),
        createBlocklistActuator({ store: tenant }),
      ]),
      policy: parsePolicy({
        version: 1,
        rules: [{ id: 'edge', actions: ['deny_ip', 'allow_ip'], decision: 'allow' }],
      }),
      audit,
      sleep: async () => {},
    });
    const deny = createCommand(
      'deny_ip',
      { ipv4_net: '203.0.113.66' },
      { requestId: 'incident-7:deny:203.0.113.66', args: { duration: 3_600_000 } },
    );
    const denied = await dispatcher.dispatch(deny, { actor: 'playbook:block-c2' });
    expect(denied.response.status).toBe(200);
    expect(simulated.firewall.tagsOf('203.0.113.66').length).toBe(1);
    // The blocklist actuator, registered second, was not used: the firewall took it.
    expect(await tenant.state.get('blocklist:ip')).toBeUndefined();

    const lifted = await dispatcher.dispatch(undoCommand(deny), { actor: 'analyst' });
    expect(lifted.response.status).toBe(200);
    expect(simulated.firewall.tagsOf('203.0.113.66')).toEqual([]);

    const kinds = (await audit.read()).map((record) => record.type);
    expect(kinds.filter((kind) => kind === 'command.response')).toHaveLength(2);
    expect((await audit.verify()).valid).toBe(true);
  });
});
