// The report's "Response actions" section read from the audit log a real playbook run writes:
// the playbook engine over the command dispatcher, its policy, an approval service and an
// actuator — no hand-made audit records.
import { openStore } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import type { Command, CommandResponse } from '../../src/actions/index.js';
import { type Actuator, ActuatorRegistry, CommandDispatcher } from '../../src/actuators/index.js';
import { ApprovalService } from '../../src/approvals/index.js';
import { AuditLog } from '../../src/audit/index.js';
import { CaseService } from '../../src/cases/index.js';
import {
  buildTenantReport,
  collectReportInput,
  reportPeriod,
  responseOutcome,
  targetText,
} from '../../src/index.js';
import {
  createDispatcherExecutor,
  openc2Command,
  PlaybookEngine,
  playbook,
} from '../../src/playbooks/index.js';
import { parsePolicy } from '../../src/policy/index.js';
import { slaPolicy } from './report-fixture.js';

/** An EDR and identity actuator: everything succeeds except blocking a domain (HTTP 500). */
function actuator(): Actuator {
  const answer = (command: Command): CommandResponse =>
    'domain_name' in command.target
      ? { request_id: command.request_id, status: 500, status_text: 'upstream error' }
      : { request_id: command.request_id, status: 200 };
  return {
    id: 'edr',
    kinds: [
      'contain_device',
      'allow_device',
      'disable_account',
      'enable_account',
      'deny_domain',
      'allow_domain',
    ],
    accepts: () => true,
    start: async (command) => answer(command),
    poll: async (command) => answer(command),
    execute: async (command) => answer(command),
  };
}

async function waitForPending(approvals: ApprovalService): Promise<string> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const [pending] = await approvals.listPending();
    if (pending !== undefined) return pending.id;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no approval was requested');
}

describe('report actions from a real playbook run', () => {
  it('reports completed, failed and refused actions with readable targets', async () => {
    const store = await openStore({ kind: 'memory' });
    const tenant = store.forTenant('acme');
    const audit = new AuditLog(tenant);
    const approvals = new ApprovalService({ store: tenant, audit, approverGroups: ['soc-leads'] });
    const dispatcher = new CommandDispatcher({
      store: tenant,
      registry: new ActuatorRegistry([actuator()]),
      policy: parsePolicy({
        version: 1,
        defaultDecision: 'deny',
        rules: [
          { id: 'contain', actions: ['contain_device', 'allow_device'], decision: 'allow' },
          { id: 'block', actions: ['deny_domain', 'allow_domain'], decision: 'allow' },
          { id: 'accounts', actions: ['disable_account'], decision: 'require_approval' },
        ],
      }),
      approvals,
      audit,
      pollIntervalMs: 5,
    });
    const engine = new PlaybookEngine({
      store: tenant,
      executors: {
        'openc2-http': createDispatcherExecutor(dispatcher, { actor: 'playbook' }),
      },
    });

    const contain = playbook('contain-user')
      .action('contain-host', {
        commands: [
          openc2Command({ action: 'contain', target: { device: { hostname: 'WS-FIN-042' } } }),
        ],
      })
      .action('disable-account', {
        commands: [
          openc2Command({
            action: 'set',
            target: { 'er:account': { uid: '6f1c2a30-1b2c-4d5e-8f90-0a1b2c3d4e01' } },
            args: { er: { account_status: 'disabled' } },
          }),
        ],
        retry: { maxAttempts: 200, backoffMs: 10 },
      })
      .end('contained')
      .build();
    const running = engine.run(contain, { runId: 'case-1:contain-user' });
    const approvalId = await waitForPending(approvals);
    await approvals.approve(
      approvalId,
      { id: 'lead@mssp.example', groups: ['soc-leads'] },
      'confirmed compromise',
    );
    expect((await running).status).toBe('completed');

    const block = playbook('block-domain')
      .action('block', {
        commands: [
          openc2Command({ action: 'deny', target: { domain_name: 'billing-acme.example.net' } }),
        ],
      })
      .end('blocked')
      .build();
    expect((await engine.run(block, { runId: 'case-1:block-domain' })).status).not.toBe(
      'completed',
    );

    const refused = playbook('block-url')
      .action('block', {
        commands: [openc2Command({ action: 'deny', target: { uri: 'https://bad.example/x' } })],
      })
      .end('blocked')
      .build();
    expect((await engine.run(refused, { runId: 'case-1:block-url' })).status).not.toBe('completed');

    const now = Date.now();
    const period = reportPeriod(new Date(now).toISOString().slice(0, 7));
    const report = buildTenantReport(
      await collectReportInput({
        tenant: 'acme',
        period,
        slaPolicy,
        cases: new CaseService({ store }).forTenant('acme'),
        audit,
      }),
    );
    const rows = report.actions.items.map(({ kind, target, outcome, approvedBy, requestedBy }) => ({
      kind,
      target,
      outcome,
      approvedBy,
      requestedBy,
    }));
    expect(rows).toEqual([
      {
        kind: 'contain_device',
        target: 'host WS-FIN-042',
        outcome: 'completed',
        approvedBy: null,
        requestedBy: 'playbook',
      },
      {
        kind: 'disable_account',
        target: 'account 6f1c2a30-1b2c-4d5e-8f90-0a1b2c3d4e01',
        outcome: 'completed',
        approvedBy: 'lead@mssp.example',
        requestedBy: 'playbook',
      },
      {
        kind: 'deny_domain',
        target: 'domain billing-acme.example.net',
        outcome: 'failed',
        approvedBy: null,
        requestedBy: 'playbook',
      },
      {
        kind: 'deny_url',
        target: 'URL https://bad.example/x',
        outcome: 'refused',
        approvedBy: null,
        requestedBy: 'playbook',
      },
    ]);
    expect(report.actions.byOutcome).toEqual({ completed: 2, failed: 1, refused: 1 });
    const evidence = report.compliance.flatMap((item) => item.evidence).join('\n');
    expect(evidence).toContain('2 response actions completed under the tenant');
  });
});

describe('responseOutcome', () => {
  it('reads the dispatcher OpenC2 status and the playbook executor ok flag', () => {
    expect(responseOutcome({ status: 200 })).toBe('completed');
    expect(responseOutcome({ status: 204 })).toBe('completed');
    expect(responseOutcome({ status: 102 })).toBe('pending');
    expect(responseOutcome({ status: 500 })).toBe('failed');
    expect(responseOutcome({ ok: true })).toBe('completed');
    expect(responseOutcome({ ok: false, code: 'ACTUATOR_FAILED' })).toBe('failed');
    expect(responseOutcome(null)).toBe('failed');
  });
});

describe('targetText', () => {
  it('names targets by type without the profile namespace', () => {
    expect(targetText({ device: { hostname: 'ws-1', device_id: 'a1f0' } })).toBe('host ws-1');
    expect(targetText({ device: { device_id: 'a1f0' } })).toBe('host a1f0');
    expect(targetText({ ipv4_net: '203.0.113.9' })).toBe('IPv4 203.0.113.9');
    expect(targetText({ 'er:account': { uid: 'u-1' } })).toBe('account u-1');
    expect(targetText({ file: { hashes: { sha256: 'ab12' } } })).toBe('file ab12');
    expect(targetText({ 'slpf:rule_number': 7 })).toBe('rule number 7');
    expect(targetText({})).toBe('unknown');
  });
});
