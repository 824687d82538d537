import { createOpenMdrBus, type OpenMdrEvents, openMemoryStore } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { tacticName } from '../src/recorder/finding-fields.js';
import { recordSocActivity } from '../src/recorder/record-soc-activity.js';
import { FINDINGS_STREAM } from '../src/recorder/storage-layout.js';
import { finding, MINUTE, principals, socFixture, T0 } from './soc-fixture.js';

describe('tacticName', () => {
  it("gives each tactic ATT&CK's one spelling, and keeps tactic ids", () => {
    for (const spelling of ['Command And Control', 'command-and-control', 'Command and Control'])
      expect(tacticName(spelling)).toBe('Command and Control');
    expect(tacticName('initial_access')).toBe('Initial Access');
    expect(tacticName('ta0011')).toBe('TA0011');
  });
});

describe('recordSocActivity', () => {
  it('persists compact findings once per id, with source, ATT&CK and score', async () => {
    const { soc, bus, recorder, store } = await socFixture();
    bus.emit('finding.created', { tenant: 'acme', id: 'f-1', finding: finding('f-1') });
    bus.emit('finding.created', { tenant: 'acme', id: 'f-1', finding: finding('f-1') });
    bus.emit('finding.created', {
      tenant: 'acme',
      id: 'f-2',
      finding: {
        time: T0 - 2 * 3_600_000,
        severity_id: 2,
        finding_info: { uid: 'f-2', title: 'Odd login', analytic: { name: 'impossible-travel' } },
        attacks: [{ tactic: { name: 'Initial Access' }, technique: { uid: 'T1078' } }],
      },
    });
    await recorder.flush();
    expect(await store.forTenant('acme').log.lastSequence(FINDINGS_STREAM)).toBe(2);
    const page = await soc.searchFindings(principals.acmeViewer, {});
    expect(page.items).toEqual([
      {
        tenant: 'acme',
        id: 'f-1',
        time: T0,
        title: 'Suspicious PowerShell f-1',
        severity: 'High',
        severityId: 4,
        source: 'sigma',
        tactics: ['Execution'],
        techniques: ['T1059.001'],
        score: 72,
      },
      expect.objectContaining({
        id: 'f-2',
        severity: 'Low',
        source: 'impossible-travel',
        tactics: ['Initial Access'],
        techniques: ['T1078'],
        score: null,
      }),
    ]);
    expect(
      (await soc.searchFindings(principals.acmeViewer, { minSeverityId: 3 })).items.map(
        (row) => row.id,
      ),
    ).toEqual(['f-1']);
    expect(
      (await soc.searchFindings(principals.acmeViewer, { query: 'travel' })).items.map(
        (row) => row.id,
      ),
    ).toEqual(['f-2']);
    const hours = await soc.findingsPerHour(principals.acmeViewer, { hours: 3 });
    expect(hours.map((hour) => hour.total)).toEqual([1, 0, 1]);
    expect(hours[2]?.byTactic).toEqual({ Execution: 1 });
    expect(hours[0]?.bySource).toEqual({ 'impossible-travel': 1 });
    const explained = await soc.explainScore(principals.acmeViewer, {
      tenant: 'acme',
      findingId: 'f-1',
    });
    expect(explained).toMatchObject({ score: 72, level: 'High' });
    expect(explained.factors).toEqual([
      { name: 'severity', value: 0.75, weight: 2 },
      { name: 'ruleConfidence', value: 0.66, weight: 1 },
      { name: 'assetCriticality', value: null },
    ]);
  });

  it('survives a bad payload: counts it and records what follows', async () => {
    const { bus, recorder, soc, store } = await socFixture();
    const errors: string[] = [];
    bus.on('error', ({ event }) => {
      errors.push(event);
    });
    const emit = bus.emit as (event: string, payload: unknown) => boolean;
    emit('finding.created', null);
    emit('finding.created', { tenant: 'acme', id: 'f-bad', finding: 'not an object' });
    emit('incident.created', { tenant: 'acme', id: '', incident: {} });
    bus.emit('finding.created', { tenant: 'acme', id: 'f-ok', finding: finding('f-ok') });
    await recorder.flush();
    expect(recorder.failures).toBe(3);
    expect(errors).toEqual([]);
    expect(await store.forTenant('acme').log.lastSequence(FINDINGS_STREAM)).toBe(1);
    expect((await soc.overview(principals.acmeViewer)).findings.lastHour).toBe(1);
  });

  it('keeps incidents, response actions and connector health', async () => {
    const { bus, recorder, soc, clock } = await socFixture();
    const incident = (status_id: number): OpenMdrEvents['incident.created']['incident'] => ({
      class_uid: 2005,
      severity_id: 5,
      status_id,
      finding_info: { uid: 'inc-1', title: 'Ransomware' },
    });
    bus.emit('incident.created', { tenant: 'acme', id: 'inc-1', incident: incident(1) });
    bus.emit('action.requested', {
      tenant: 'acme',
      id: 'act-1',
      action: 'contain_device',
      target: {},
    });
    bus.emit('event.accepted', { tenant: 'acme', pipeline: 'falcon', count: 40 });
    bus.emit('checkpoint.committed', {
      tenant: 'acme',
      pipeline: 'falcon',
      source: 'falcon',
      position: 1,
    });
    bus.emit('event.accepted', { tenant: 'acme', pipeline: 'entra', count: 3 });
    await recorder.flush();
    let overview = await soc.overview(principals.acmeViewer);
    expect(overview.incidents).toEqual({ open: 1, bySeverity: { Critical: 1 } });
    expect(overview.connectors).toEqual({ healthy: 2, unhealthy: 0 });
    clock.advance(MINUTE);
    bus.emit('incident.updated', {
      tenant: 'acme',
      id: 'inc-1',
      incident: incident(4),
      changes: ['status'],
    });
    bus.emit('action.completed', {
      tenant: 'acme',
      id: 'act-1',
      action: 'contain_device',
      status: 'succeeded',
    });
    bus.emit('event.rejected', {
      tenant: 'acme',
      pipeline: 'entra',
      deadLetter: {} as OpenMdrEvents['event.rejected']['deadLetter'],
    });
    await recorder.flush();
    overview = await soc.overview(principals.acmeViewer);
    expect(overview.incidents.open).toBe(0);
    const runs = await soc.playbookRuns(principals.acmeViewer);
    expect(runs).toEqual([
      {
        tenant: 'acme',
        id: 'act-1',
        name: 'contain_device',
        status: 'succeeded',
        startedAt: T0,
        finishedAt: T0 + MINUTE,
      },
    ]);
    const health = await soc.connectorHealth(principals.acmeViewer);
    expect(health.map((row) => [row.connector, row.status, row.accepted, row.rejected])).toEqual([
      ['entra', 'failing', 3, 1],
      ['falcon', 'healthy', 40, 0],
    ]);
    clock.advance(2 * 3_600_000);
    expect((await soc.connectorHealth(principals.acmeViewer))[1]?.status).toBe('silent');
  });

  it('records only the tenants it is given', async () => {
    const store = openMemoryStore();
    const bus = createOpenMdrBus();
    const recorder = recordSocActivity({ store, bus, tenants: ['globex'] });
    bus.emit('finding.created', { tenant: 'initech', id: 'f-i', finding: finding('f-i') });
    bus.emit('finding.created', { tenant: 'globex', id: 'f-g', finding: finding('f-g') });
    await recorder.flush();
    recorder.stop();
    bus.emit('finding.created', { tenant: 'globex', id: 'f-late', finding: finding('f-late') });
    await recorder.flush();
    expect(await store.forTenant('initech').log.lastSequence(FINDINGS_STREAM)).toBe(0);
    expect(await store.forTenant('globex').log.lastSequence(FINDINGS_STREAM)).toBe(1);
    expect(recorder.failures).toBe(0);
  });
});
