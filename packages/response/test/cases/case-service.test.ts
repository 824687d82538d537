import {
  createOpenMdrBus,
  ManualClock,
  type OpenMdrEvents,
  openStore,
  type Store,
} from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASE_STATUSES,
  CASE_TRANSITIONS,
  CaseConflictError,
  CaseNotFoundError,
  CaseService,
  CaseTransitionError,
  canTransition,
} from '../../src/index.js';

const START = Date.UTC(2026, 0, 5, 9, 0, 0);

function incidentFinding(
  uid: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    class_uid: 2005,
    category_uid: 2,
    activity_id: 1,
    type_uid: 200501,
    severity_id: 5,
    time: START,
    finding_info: {
      uid,
      title: `Ransomware staging ${uid}`,
      first_seen_time: START - 10 * 60_000,
      attacks: [{ technique: { uid: 'T1486', name: 'Data Encrypted for Impact' } }],
    },
    observables: [
      { name: 'device.hostname', type: 'hostname', type_id: 1, value: 'ws-042' },
      { name: 'src_endpoint.ip', type: 'ip', type_id: 2, value: '10.0.0.7' },
    ],
    ...extra,
  };
}

for (const kind of ['memory', 'pglite'] as const) {
  describe(`CaseService on ${kind}`, () => {
    let store: Store;
    const clock = new ManualClock(START);
    let counter = 0;
    let service: CaseService;

    beforeAll(async () => {
      store = await openStore({ kind, clock });
      service = new CaseService({ store, clock, createId: () => `id-${++counter}` });
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates a case from an OCSF Incident Finding', async () => {
      const cases = service.forTenant('acme');
      const created = await cases.createFromFinding(incidentFinding('inc-1'), { by: 'correlator' });
      expect(created).toMatchObject({
        title: 'Ransomware staging inc-1',
        status: 'new',
        severity: 'critical',
        priority: 'P1',
        findingIds: ['inc-1'],
        techniques: ['T1486'],
        observables: [
          { type: 'hostname', value: 'ws-042' },
          { type: 'ip', value: '10.0.0.7' },
        ],
      });
      expect(created.timestamps.detectedAt).toBe(START);
      expect(created.timestamps.firstEventAt).toBe(START - 600_000);
      const timeline = await cases.timeline(created.id);
      expect(timeline.map((entry) => entry.event.type)).toEqual(['created', 'finding']);
    });

    it('walks every legal transition and stamps SLA timestamps', async () => {
      const cases = service.forTenant('acme');
      const created = await cases.create({ title: 'Phishing', severity: 'high' });
      const path = [
        'triage',
        'investigating',
        'contained',
        'eradicated',
        'recovered',
        'closed',
      ] as const;
      for (const status of path) {
        clock.advance(60_000);
        const updated = await cases.transition(created.id, status, { by: 'alice' });
        expect(updated.status).toBe(status);
      }
      const done = await cases.get(created.id);
      expect(done.timestamps).toMatchObject({
        acknowledgedAt: START + 60_000,
        investigationStartedAt: START + 120_000,
        containedAt: START + 180_000,
        eradicatedAt: START + 240_000,
        recoveredAt: START + 300_000,
        closedAt: START + 360_000,
      });
      clock.set(START);
    });

    it('accepts exactly the transitions of the table and rejects the others with a typed error', async () => {
      const cases = service.forTenant('acme');
      for (const from of CASE_STATUSES) {
        for (const to of CASE_STATUSES) {
          expect(canTransition(from, to)).toBe(CASE_TRANSITIONS[from].includes(to));
        }
      }
      // every legal edge, exercised on the service
      for (const from of CASE_STATUSES) {
        for (const to of CASE_TRANSITIONS[from]) {
          const created = await cases.create({ title: `${from}->${to}` });
          const route = CASE_STATUSES.slice(1, CASE_STATUSES.indexOf(from) + 1);
          for (const step of route) await cases.transition(created.id, step);
          expect((await cases.transition(created.id, to)).status).toBe(to);
        }
      }
      const created = await cases.create({ title: 'skip ahead' });
      const error = await cases
        .transition(created.id, 'contained')
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CaseTransitionError);
      expect(error).toMatchObject({
        code: 'CASE_ILLEGAL_TRANSITION',
        from: 'new',
        to: 'contained',
      });
      expect((await cases.get(created.id)).status).toBe('new');
    });

    it('reopens a closed case, keeping first-reached timestamps', async () => {
      const cases = service.forTenant('acme');
      const created = await cases.create({ title: 'reopen me' });
      await cases.transition(created.id, 'triage');
      clock.advance(1_000);
      await cases.transition(created.id, 'closed', { reason: 'false positive' });
      await expect(cases.transition(created.id, 'triage')).rejects.toBeInstanceOf(
        CaseTransitionError,
      );
      const reopened = await cases.reopen(created.id, { by: 'bob', reason: 'new evidence' });
      expect(reopened.status).toBe('triage');
      expect(reopened.timestamps.closedAt).toBeNull();
      expect(reopened.timestamps.acknowledgedAt).toBe(START);
      await expect(cases.reopen(created.id)).rejects.toBeInstanceOf(CaseTransitionError);
      const types = (await cases.timeline(created.id)).map((entry) => entry.event.type);
      expect(types).toEqual(['created', 'status', 'status', 'reopened']);
      clock.set(START);
    });

    it('keeps assignee, severity, priority, tasks, comments, actions and approvals in timeline order', async () => {
      const cases = service.forTenant('acme');
      const created = await cases.create({ title: 'full timeline', severity: 'low' });
      await cases.assign(created.id, 'alice', { by: 'lead' });
      await cases.setSeverity(created.id, 'high', { by: 'alice' });
      await cases.setPriority(created.id, 'P1', { by: 'alice' });
      await cases.addObservables(created.id, [
        { type: 'ip', value: '192.0.2.1' },
        { type: 'ip', value: '192.0.2.1' },
      ]);
      await cases.addTechniques(created.id, ['T1059.001', 'T1059.001']);
      const withTask = await cases.addTask(created.id, 'Collect memory image', {
        assignee: 'alice',
      });
      const task = withTask.tasks[0];
      if (!task) throw new Error('task missing');
      await cases.recordApproval(created.id, {
        approvalId: 'ap-1',
        actionId: 'act-1',
        decision: 'requested',
      });
      await cases.recordApproval(created.id, {
        approvalId: 'ap-1',
        actionId: 'act-1',
        decision: 'approved',
        by: 'lead',
      });
      await cases.recordAction(created.id, {
        actionId: 'act-1',
        action: 'contain host',
        status: 'succeeded',
      });
      await cases.completeTask(created.id, task.id, { by: 'alice' });
      await cases.comment(created.id, 'Host isolated, imaging next.', { by: 'alice' });
      await cases.addFinding(created.id, incidentFinding('inc-9'));
      const current = await cases.get(created.id);
      expect(current).toMatchObject({ assignee: 'alice', severity: 'high', priority: 'P1' });
      expect(current.observables).toContainEqual({ type: 'ip', value: '192.0.2.1' });
      expect(current.observables.filter((o) => o.value === '192.0.2.1')).toHaveLength(1);
      expect(current.techniques).toEqual(['T1059.001', 'T1486']);
      expect(current.tasks[0]?.completedBy).toBe('alice');
      const timeline = await cases.timeline(created.id);
      expect(timeline.map((entry) => entry.sequence)).toEqual(
        timeline.map((_, index) => index + 1),
      );
      expect(timeline.map((entry) => entry.event.type)).toEqual([
        'created',
        'assigned',
        'severity',
        'priority',
        'observable',
        'technique',
        'task.added',
        'approval',
        'approval',
        'action',
        'task.completed',
        'comment',
        'finding',
        'observable',
        'observable',
        'technique',
      ]);
    });

    it('merges children into a survivor and redirects reads', async () => {
      const cases = service.forTenant('acme');
      const survivor = await cases.createFromFinding(incidentFinding('inc-20'));
      const child = await cases.createFromFinding(
        incidentFinding('inc-21', { observables: [{ type: 'user_name', value: 'mallory' }] }),
      );
      const merged = await cases.merge(survivor.id, [child.id], { by: 'alice' });
      expect(merged.findingIds).toEqual(['inc-20', 'inc-21']);
      expect(merged.mergedFrom).toEqual([child.id]);
      expect(merged.observables).toContainEqual({ type: 'user_name', value: 'mallory' });
      expect((await cases.get(child.id)).id).toBe(survivor.id);
      const raw = await cases.get(child.id, { followMerge: false });
      expect(raw).toMatchObject({ status: 'closed', mergedInto: survivor.id });
      expect((await cases.timeline(child.id)).at(-1)?.event).toEqual({
        type: 'merged-into',
        survivor: survivor.id,
        by: 'alice',
      });
      expect((await cases.timeline(survivor.id)).at(-1)?.event).toEqual({
        type: 'merged',
        children: [child.id],
        by: 'alice',
      });
      await expect(cases.merge(survivor.id, [survivor.id])).rejects.toMatchObject({
        code: 'CASE_INVALID',
      });
    });

    it('never shows a case of one tenant through another', async () => {
      const created = await service.forTenant('acme').create({ title: 'secret' });
      const other = service.forTenant('globex');
      await expect(other.get(created.id)).rejects.toBeInstanceOf(CaseNotFoundError);
      await expect(other.transition(created.id, 'triage')).rejects.toBeInstanceOf(
        CaseNotFoundError,
      );
      await expect(other.timeline(created.id)).rejects.toBeInstanceOf(CaseNotFoundError);
      expect((await other.list()).map((item) => item.id)).not.toContain(created.id);
      expect((await service.forTenant('acme').list()).map((item) => item.id)).toContain(created.id);
    });

    it('resolves concurrent updates with compare-and-set', async () => {
      const cases = service.forTenant('acme');
      const created = await cases.create({ title: 'race' });
      // same base version: exactly one wins, the other gets a conflict
      const results = await Promise.allSettled([
        cases.assign(created.id, 'alice', { expectedVersion: created.version }),
        cases.assign(created.id, 'bob', { expectedVersion: created.version }),
      ]);
      const fulfilled = results.filter((result) => result.status === 'fulfilled');
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(CaseConflictError);
      expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({
        code: 'CASE_CONFLICT',
        isRetryable: true,
      });
      // without a base version: both retry and both land
      await Promise.all([
        cases.addTechniques(created.id, ['T1003']),
        cases.addTechniques(created.id, ['T1021']),
        cases.addObservables(created.id, [{ type: 'ip', value: '198.51.100.1' }]),
      ]);
      const final = await cases.get(created.id);
      expect(final.techniques.sort()).toEqual(['T1003', 'T1021']);
      expect(final.observables).toHaveLength(1);
    });
  });
}

describe('CaseService with a bus', () => {
  it('announces each stored change as case.changed, in order, with the timeline types it added', async () => {
    const store = await openStore({ kind: 'memory' });
    const bus = createOpenMdrBus();
    const seen: OpenMdrEvents['case.changed'][] = [];
    bus.on('case.changed', (event) => {
      seen.push(event);
    });
    const cases = new CaseService({ store, bus }).forTenant('acme');
    const created = await cases.createFromFinding(incidentFinding('inc-bus'), { by: 'triage' });
    await cases.transition(created.id, 'triage', { by: 'kim' });
    await cases.comment(created.id, 'looking', { by: 'kim' });
    // A change that changes nothing stores nothing and announces nothing.
    await cases.assign(created.id, 'kim', { by: 'kim' });
    await cases.assign(created.id, 'kim', { by: 'kim' });
    expect(seen.map(({ tenant, id, changes }) => ({ tenant, id, changes }))).toEqual([
      { tenant: 'acme', id: created.id, changes: ['created', 'finding'] },
      { tenant: 'acme', id: created.id, changes: ['status'] },
      { tenant: 'acme', id: created.id, changes: ['comment'] },
      { tenant: 'acme', id: created.id, changes: ['assigned'] },
    ]);
    await store.close();
  });
});
