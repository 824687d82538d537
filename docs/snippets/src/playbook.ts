// docs/guides/write-a-playbook.md — a playbook with the TypeScript builder, planned without side
// effects (a dry run), and run durably through the command dispatcher under the tenant's policy.
import { openStore } from '@openmdr/core';
import {
  ActuatorRegistry,
  ApprovalService,
  AuditLog,
  CommandDispatcher,
  createDispatcherExecutor,
  openc2Command,
  PlaybookEngine,
  parsePolicy,
  planPlaybook,
  playbook,
} from '@openmdr/response';

export const containCompromisedUser = playbook('contain-compromised-user', {
  description: 'Contain the endpoint, then disable the account',
})
  .variable('__device_id__', { type: 'string', external: true })
  .variable('__user_id__', { type: 'string', external: true })
  .action('contain-host', {
    commands: [
      openc2Command({
        action: 'contain',
        target: { device: { device_id: '__device_id__:value' } },
      }),
    ],
    retry: { maxAttempts: 10, backoffMs: 1_000 },
  })
  .action('disable-account', {
    commands: [
      openc2Command({
        action: 'set',
        target: { 'er:account': { uid: '__user_id__:value' } },
        args: { er: { account_status: 'disabled' } },
      }),
    ],
    // The policy requires an approval: each attempt asks the dispatcher again until decided.
    retry: { maxAttempts: 240, backoffMs: 5_000 },
  })
  .end('contained')
  .build();

// Dry run: what would happen, in order, with the variables filled in.
for (const entry of await planPlaybook(containCompromisedUser, {
  variables: {
    __device_id__: 'a1f0c3d2e4b5968778695a4b3c2d1e0f',
    __user_id__: 'jdoe@acme.example',
  },
})) {
  console.log(
    entry.kind,
    entry.kind === 'step' ? entry.name : JSON.stringify(entry.request.openc2),
  );
}

// A durable run through the dispatcher (add your connector actuators to the registry).
const store = (await openStore({ kind: 'memory' })).forTenant('acme');
const audit = new AuditLog(store);
const dispatcher = new CommandDispatcher({
  store,
  registry: new ActuatorRegistry([]),
  policy: parsePolicy({
    version: 1,
    defaultDecision: 'deny',
    rules: [
      { id: 'contain', actions: ['contain_device'], decision: 'allow' },
      { id: 'accounts', actions: ['disable_account'], decision: 'require_approval' },
    ],
  }),
  approvals: new ApprovalService({ store, audit, approverGroups: ['soc-leads'] }),
  audit,
});
export const engine = new PlaybookEngine({
  store,
  executors: { 'openc2-http': createDispatcherExecutor(dispatcher) },
  audit,
});
