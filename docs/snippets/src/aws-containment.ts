// docs/connectors/aws.md — AWS containment through the response layer, with an authority policy
// per tenant: acme's policy lets OpenMDR quarantine EC2 instances, globex's does not. The
// quarantine (forensic snapshots, isolation security group, the previous groups recorded) runs
// through the dispatcher and the AWS connector's actuator, the audit trail records what changed,
// then the undo (allow_device → release-instance) puts the groups back.
// Run: pnpm --filter @openmdr/docs-snippets aws-containment
// (against simulated IAM and EC2; for real accounts, drop the simulator and give each tenant
// `config: { region, assumeRole: { roleArn, externalId } }` and environmentSecretProvider()).
import { awsConnector } from '@openmdr/connector-aws';
import {
  awsContainmentSampleAccount,
  awsContainmentSimulatorSecrets,
  startAwsContainmentSimulator,
} from '@openmdr/connector-aws/simulator';
import { createTestSecretProvider } from '@openmdr/connector-kit/simulator';
import { openStore } from '@openmdr/core';
import {
  ActuatorRegistry,
  AuditLog,
  CommandDispatcher,
  createCommand,
  createConnectorActuator,
  parsePolicy,
  undoCommand,
} from '@openmdr/response';

// Two customers, each with its own AWS account and OpenMDR's access key in it (placeholders).
const tenants = {
  acme: {
    account: '111111111111',
    key: {
      accessKeyId: 'AKIASIMACMEKEY00001',
      secretAccessKey: 'sim-acme-secret-0123456789abcdefghijklm',
    },
    // acme lets OpenMDR quarantine (and release) instances without asking
    policy: {
      version: 1,
      defaultDecision: 'deny',
      rules: [
        { id: 'aws-quarantine', actions: ['contain_device', 'allow_device'], decision: 'allow' },
      ],
    },
  },
  globex: {
    account: '222222222222',
    key: {
      accessKeyId: 'AKIASIMGLOBEXKEY002',
      secretAccessKey: 'sim-globex-secret-0123456789abcdefghijk',
    },
    // globex allows account actions only: no instance is ever quarantined by OpenMDR
    policy: {
      version: 1,
      defaultDecision: 'deny',
      rules: [
        { id: 'keys-only', actions: ['disable_account', 'enable_account'], decision: 'allow' },
      ],
    },
  },
} as const;

const simulated = await startAwsContainmentSimulator({
  accounts: Object.values(tenants).map((tenant) =>
    awsContainmentSampleAccount(tenant.account, tenant.key),
  ),
});
const store = await openStore({ kind: 'memory' }); // 'pglite' | 'postgres' in a service

async function responseFor(tenant: keyof typeof tenants) {
  const aws = await awsConnector.connect({
    tenant,
    config: simulated.config,
    secrets: createTestSecretProvider(awsContainmentSimulatorSecrets(tenants[tenant].key)),
  });
  const tenantStore = store.forTenant(tenant);
  const audit = new AuditLog(tenantStore);
  const dispatcher = new CommandDispatcher({
    store: tenantStore,
    registry: new ActuatorRegistry([createConnectorActuator(aws)]),
    policy: parsePolicy(tenants[tenant].policy, `${tenant} policy`),
    audit,
  });
  return { aws, audit, dispatcher };
}

const instanceId = 'i-0a1b2c3d4e5f67890';
const groupsOf = (tenant: keyof typeof tenants) =>
  simulated.state
    .account(tenants[tenant].account)
    .instances.get(instanceId)
    ?.networkInterfaces.map((eni) => `${eni.networkInterfaceId}=${eni.groupIds.join('+')}`)
    .join(' ');

// The same command for both tenants: contain the instance a GuardDuty finding named.
const contain = (tenant: string) =>
  createCommand(
    'contain_device',
    { device: { device_id: instanceId } },
    {
      requestId: `${tenant}-incident-7-contain`,
    },
  );

const acme = await responseFor('acme');
const globex = await responseFor('globex');

const contained = await acme.dispatcher.dispatch(contain('acme'), {
  actor: 'analyst@acme.example',
});
const output = contained.response.results?.['x-openmdr']?.output as {
  isolationGroupId: string;
  snapshots: { snapshotId: string }[];
};
console.log(
  `acme: ${contained.response.status} ${contained.decision?.decision}: ${output.snapshots.length} snapshots, interfaces on ${output.isolationGroupId}`,
);

const refused = await globex.dispatcher.dispatch(contain('globex'), {
  actor: 'analyst@globex.example',
});
console.log(
  `globex: ${refused.response.status} ${refused.decision?.decision}; groups still ${groupsOf('globex')}`,
);

// The undo of the quarantine: allow_device on the same instance (request id `<id>:undo`).
const undo = undoCommand(contain('acme'));
if (undo) {
  const released = await acme.dispatcher.dispatch(undo, { actor: 'analyst@acme.example' });
  console.log(`acme undo: ${released.response.status}; groups back to ${groupsOf('acme')}`);
}

// The audit trail: hash-chained, what the connector changed in each response record.
const records = await acme.audit.read();
console.log(`acme audit: ${records.map((record) => record.type).join(', ')}`);
console.log(`acme audit verified: ${(await acme.audit.verify()).valid}`);

await acme.aws.close();
await globex.aws.close();
await simulated.close();
await store.close();
