/**
 * Response for the quickstart: the tenant's authority policy (config/response-policy.json), the
 * approval service, the audit log, connector actuators over the CrowdStrike and Entra ID
 * connectors and the published blocklist, the command dispatcher, and the two playbooks the
 * incident triggers: contain the user, block the C2 address.
 */
import { readFileSync } from 'node:fs';
import type { ConnectorInstance } from '@openmdr/connector-kit';
import type { OpenMdrBus, Store } from '@openmdr/core';
import {
  ActuatorRegistry,
  ApprovalService,
  AuditLog,
  CaseService,
  type Command,
  CommandDispatcher,
  createBlocklistActuator,
  createConnectorActuator,
  createDispatcherExecutor,
  openc2Command,
  type Playbook,
  PlaybookEngine,
  parsePolicy,
  parseSlaPolicy,
  playbook,
  type ResponsePolicy,
  type SlaPolicy,
  type TenantCases,
} from '@openmdr/response';
import type { StoryAsset } from './story.js';

/** The response services of one tenant. */
export interface Response {
  audit: AuditLog;
  approvals: ApprovalService;
  /** The customer-approved response policy every command is checked against. */
  policy: ResponsePolicy;
  dispatcher: CommandDispatcher;
  engine: PlaybookEngine;
  cases: TenantCases;
  slaPolicy: SlaPolicy;
  containCompromisedUser: Playbook;
  blockC2Address: Playbook;
}

/** What {@link createResponse} needs. */
export interface ResponseOptions {
  store: Store;
  tenant: string;
  bus: OpenMdrBus;
  falcon: ConnectorInstance;
  entra: ConnectorInstance;
  /** Host name → asset facts (the customer's CMDB). */
  assets: Record<string, StoryAsset>;
  /** Falcon device id → host name. */
  hostOfDevice: Record<string, string>;
}

const config = (name: string) =>
  JSON.parse(readFileSync(new URL(`../config/${name}`, import.meta.url), 'utf8')) as unknown;

/**
 * The playbook: contain the host (the policy allows it on workstations), then disable the
 * account (the policy requires a SOC lead's approval: the step polls until it is decided).
 */
function containCompromisedUserPlaybook(): Playbook {
  return playbook('contain-compromised-user', {
    description: 'Contain the endpoint and disable the account of a compromised user',
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
      retry: { maxAttempts: 20, backoffMs: 250 },
      timeout: 30_000,
    })
    .action('disable-account', {
      commands: [
        openc2Command({
          action: 'set',
          target: { 'er:account': { uid: '__user_id__:value' } },
          args: { er: { account_status: 'disabled' } },
        }),
      ],
      // Waits for the approval: every attempt asks the dispatcher, which answers 102 until a
      // SOC lead decides (never acting twice).
      retry: { maxAttempts: 120, backoffMs: 250 },
      timeout: 30_000,
    })
    .end('contained')
    .build();
}

/** Denies the C2 address at the edge for a day, through the tenant's published blocklist. */
function blockC2AddressPlaybook(): Playbook {
  return playbook('block-c2-address', {
    description: 'Block the command-and-control address on the firewalls for 24 hours',
  })
    .variable('__c2_address__', { type: 'string', external: true })
    .action('block-c2', {
      commands: [
        openc2Command({
          action: 'deny',
          target: { ipv4_net: '__c2_address__:value' },
          args: { duration: 86_400_000 },
        }),
      ],
      timeout: 10_000,
    })
    .end('blocked')
    .build();
}

/** Builds the tenant's response services over its store. */
export function createResponse(options: ResponseOptions): Response {
  const store = options.store.forTenant(options.tenant);
  const audit = new AuditLog(store);
  const approvals = new ApprovalService({
    store,
    bus: options.bus,
    audit,
    approverGroups: ['soc-leads'],
    expiresAfterMs: 15 * 60_000,
  });
  const registry = new ActuatorRegistry([
    createConnectorActuator(options.falcon, { pollIntervalMs: 200 }),
    createConnectorActuator(options.entra, { pollIntervalMs: 200 }),
    createBlocklistActuator({ store }),
  ]);
  const assetOf = (command: Command) => {
    const target = command.target as { device?: { device_id?: string } };
    const host = options.hostOfDevice[target.device?.device_id ?? ''];
    return host === undefined ? undefined : options.assets[host];
  };
  const policy = parsePolicy(config('response-policy.json'), 'config/response-policy.json');
  const dispatcher = new CommandDispatcher({
    store,
    registry,
    policy,
    approvals,
    audit,
    bus: options.bus,
    assets: assetOf,
    pollIntervalMs: 200,
    pollTimeoutMs: 20_000,
  });
  const engine = new PlaybookEngine({
    store,
    executors: { 'openc2-http': createDispatcherExecutor(dispatcher, { actor: 'playbook' }) },
    audit,
  });
  return {
    audit,
    approvals,
    policy,
    dispatcher,
    engine,
    cases: new CaseService({ store: options.store, bus: options.bus }).forTenant(options.tenant),
    slaPolicy: parseSlaPolicy(config('sla-policy.json'), 'config/sla-policy.json'),
    containCompromisedUser: containCompromisedUserPlaybook(),
    blockC2Address: blockC2AddressPlaybook(),
  };
}
