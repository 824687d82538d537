/**
 * A memory store, a bus, a manual clock, the recorder and the operations, with principals of two
 * tenants (acme, globex) and an MSSP operator.
 */
import { createOpenMdrBus, ManualClock, openMemoryStore } from '@openmdr/core';
import { CaseService, parseSlaPolicy } from '@openmdr/response';
import type { Principal } from '../src/access/principal.js';
import { createSocOperations } from '../src/operations/create-soc-operations.js';
import type { SocOperationsOptions } from '../src/operations/soc-operations-options.js';
import { recordSocActivity } from '../src/recorder/record-soc-activity.js';

export const T0 = Date.UTC(2026, 11, 7, 12);
export const MINUTE = 60_000;

export const principals = {
  acmeViewer: { id: 'vera@acme', tenants: ['acme'], roles: ['viewer'] },
  acmeAnalyst: { id: 'ana@acme', tenants: ['acme'], roles: ['analyst'] },
  acmeApprover: { id: 'lead@acme', tenants: ['acme'], roles: ['approver'], groups: ['soc-leads'] },
  acmeOutsider: { id: 'ops@acme', tenants: ['acme'], roles: ['approver'], groups: ['it-ops'] },
  globexAnalyst: { id: 'gus@globex', tenants: ['globex'], roles: ['analyst'] },
  twoTenants: { id: 'tia@partner', tenants: ['acme', 'globex'], roles: ['viewer'] },
  mssp: { id: 'mia@mssp', tenants: '*', roles: ['viewer', 'mssp'] },
} satisfies Record<string, Principal>;

/** Builds the fixture; `cases` opens one case per tenant. */
export async function socFixture(overrides: Partial<SocOperationsOptions> = {}) {
  const clock = new ManualClock(T0);
  const store = openMemoryStore({ clock });
  const bus = createOpenMdrBus();
  const recorder = recordSocActivity({ store, bus, clock });
  const slaPolicy = parseSlaPolicy({
    name: 'test',
    targets: { high: { acknowledgeMinutes: 30, containMinutes: 120, resolveMinutes: 600 } },
  });
  const soc = createSocOperations({
    store,
    bus,
    clock,
    slaPolicy,
    approvals: { approverGroups: ['soc-leads'] },
    ...overrides,
  });
  const caseService = new CaseService({ store, clock });
  const acmeCase = await caseService
    .forTenant('acme')
    .create({ title: 'Acme ransomware on fin-ws-07', severity: 'high' });
  const globexCase = await caseService
    .forTenant('globex')
    .create({ title: 'Globex phishing wave', severity: 'medium' });
  return { clock, store, bus, recorder, soc, caseService, acmeCase, globexCase };
}

/** An OCSF Detection Finding. */
export function finding(uid: string, overrides: Record<string, unknown> = {}) {
  return {
    class_uid: 2004,
    time: T0,
    severity_id: 4,
    severity: 'High',
    metadata: { product: { name: 'sigma' } },
    finding_info: {
      uid,
      title: `Suspicious PowerShell ${uid}`,
      analytic: { name: 'proc_creation_win_powershell' },
      attacks: [
        {
          tactic: { name: 'Execution', uid: 'TA0002' },
          technique: { uid: 'T1059.001', name: 'PowerShell' },
        },
      ],
    },
    risk_score: 72,
    risk_level: 'High',
    risk_details: [
      'score 72/100 (High) = Σ weight × value / Σ applied weights (3)',
      'severity: +50.00 (value 0.75 × weight 2; severity_id 4 (High))',
      'ruleConfidence: +22.00 (value 0.66 × weight 1; sigma status test)',
      'assetCriticality: not applied (no asset table entry)',
    ].join('\n'),
    ...overrides,
  };
}

/** A Response command (OpenC2) isolating a device. */
export function containCommand(requestId: string) {
  return { request_id: requestId, action: 'contain', target: { device: { device_id: 'dev-7' } } };
}
