import { createOpenMdrBus, ManualClock, openMemoryStore } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { ApprovalError, ApprovalService, AuditLog, createCommand } from '../src/index.js';

const command = createCommand(
  'disable_account',
  { 'er:account': { uid: 'u1' } },
  { requestId: 'incident-9:disable:u1' },
);
const alice = { id: 'alice@example.com', groups: ['responders'] };
const bob = { id: 'bob@example.com', groups: ['sales'] };
const carol = { id: 'carol@example.com', groups: ['soc-leads'] };

async function setup() {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 8, 0));
  const store = (await openMemoryStore({ clock })).forTenant('acme');
  const bus = createOpenMdrBus();
  const events: Array<[string, unknown]> = [];
  for (const name of [
    'approval.requested',
    'approval.decided',
    'approval.expired',
    'approval.escalated',
  ] as const) {
    bus.on(name, (payload) => {
      events.push([name, payload]);
    });
  }
  const audit = new AuditLog(store, { clock });
  const approvals = new ApprovalService({
    store,
    bus,
    audit,
    clock,
    expiresAfterMs: 60 * 60_000,
    escalation: { afterMs: 15 * 60_000, group: 'soc-leads' },
  });
  return { clock, store, bus, events, audit, approvals };
}

describe('ApprovalService', () => {
  it('requests once per id, lists it pending, and grants with identity and reason', async () => {
    const { approvals, events, audit } = await setup();
    const requested = await approvals.request({
      command,
      reason: 'rule accounts: require_approval',
      requestedBy: 'playbook:run-1',
    });
    const again = await approvals.request({ command, reason: 'again', requestedBy: 'someone' });
    expect(again).toEqual(requested);
    expect((await approvals.listPending()).map((approval) => approval.id)).toEqual([
      'approval:incident-9:disable:u1',
    ]);
    await expect(approvals.approve(requested.id, bob, 'ok')).rejects.toMatchObject({
      code: 'RESPONSE_APPROVAL_FORBIDDEN',
    });
    await expect(approvals.approve(requested.id, alice, '  ')).rejects.toThrow(/needs a reason/);
    const approved = await approvals.approve(
      requested.id,
      alice,
      'confirmed phishing, user is travelling',
    );
    expect(approved).toMatchObject({
      status: 'approved',
      decision: { by: 'alice@example.com', reason: 'confirmed phishing, user is travelling' },
    });
    await expect(approvals.deny(requested.id, alice, 'changed my mind')).rejects.toMatchObject({
      code: 'RESPONSE_APPROVAL_CLOSED',
    });
    expect(await approvals.listPending()).toEqual([]);
    expect(events.map(([name]) => name)).toEqual(['approval.requested', 'approval.decided']);
    expect(events[1]?.[1]).toMatchObject({
      decision: 'approved',
      by: 'alice@example.com',
      actionId: command.request_id,
    });
    expect((await audit.read()).map((record) => record.type)).toEqual([
      'approval.requested',
      'approval.decided',
    ]);
    expect((await audit.verify()).valid).toBe(true);
  });

  it('denies', async () => {
    const { approvals, events } = await setup();
    const { id } = await approvals.request({ command, reason: 'r', requestedBy: 'p' });
    expect(await approvals.deny(id, alice, 'break-glass owner says no')).toMatchObject({
      status: 'denied',
    });
    expect(events.at(-1)?.[1]).toMatchObject({ decision: 'rejected', by: 'alice@example.com' });
    expect((await approvals.get(id))?.status).toBe('denied');
  });

  it('escalates to the second group after N minutes, then expires', async () => {
    const { approvals, events, clock } = await setup();
    const { id } = await approvals.request({ command, reason: 'r', requestedBy: 'p' });
    await expect(approvals.approve(id, carol, 'lead approves')).rejects.toBeInstanceOf(
      ApprovalError,
    );
    clock.advance(14 * 60_000);
    expect(await approvals.expire()).toEqual({ expired: [], escalated: [] });
    clock.advance(60_000);
    expect(await approvals.expire()).toEqual({ expired: [], escalated: [id] });
    expect((await approvals.get(id))?.approverGroups).toEqual(['responders', 'soc-leads']);
    expect(events.map(([name]) => name)).toContain('approval.escalated');
    clock.advance(45 * 60_000);
    expect(await approvals.expire()).toEqual({ expired: [id], escalated: [] });
    await expect(approvals.approve(id, carol, 'too late')).rejects.toMatchObject({
      code: 'RESPONSE_APPROVAL_CLOSED',
    });
    expect((await approvals.get(id))?.status).toBe('expired');
    expect(events.at(-1)?.[0]).toBe('approval.expired');
  });

  it('lets an escalated approver decide; an unknown id is not found', async () => {
    const { approvals, clock } = await setup();
    const { id } = await approvals.request({ command, reason: 'r', requestedBy: 'p' });
    clock.advance(20 * 60_000);
    expect(await approvals.approve(id, carol, 'lead approves')).toMatchObject({
      status: 'approved',
    });
    await expect(approvals.approve('nope', alice, 'x')).rejects.toMatchObject({
      code: 'RESPONSE_APPROVAL_NOT_FOUND',
    });
  });

  it('gives one decision to two racing approvers', async () => {
    const { approvals } = await setup();
    const { id } = await approvals.request({ command, reason: 'r', requestedBy: 'p' });
    const results = await Promise.allSettled([
      approvals.approve(id, alice, 'yes'),
      approvals.deny(id, { id: 'dave@example.com', groups: ['responders'] }, 'no'),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});
