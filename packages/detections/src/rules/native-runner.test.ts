import { describe, expect, it } from 'vitest';
import { bruteForceLogonRule, encodedPowerShellRule } from './builtin-rules.js';
import { defineRule, NativeRuleError } from './define-rule.js';
import { createNativeRuleRunner, type NativeRuleState } from './native-runner.js';

const failedLogon = (ip: string, time: number) => ({
  class_uid: 3002,
  activity_id: 1,
  status_id: 2,
  time,
  user: { name: 'admin' },
  src_endpoint: { ip },
  device: { hostname: 'dc1', os: { type_id: 100 } },
});

function feed(
  runner: ReturnType<typeof createNativeRuleRunner>,
  events: unknown[],
  start?: NativeRuleState,
) {
  let state = start ?? runner.initialState();
  const alerts = [];
  const duplicates = [];
  const failures = [];
  for (const event of events) {
    const step = runner.evaluate(state, event);
    state = step.state;
    alerts.push(...step.alerts);
    duplicates.push(...step.duplicates);
    failures.push(...step.failures);
  }
  return { state, alerts, duplicates, failures };
}

describe('defineRule', () => {
  it('rejects invalid definitions with a typed error naming the attribute', () => {
    const base = { id: 'r', title: 't', severity: 'low' as const, match: () => true };
    expect(() => defineRule({ ...base, id: '' })).toThrow(NativeRuleError);
    expect(() => defineRule({ ...base, severity: 'urgent' as never })).toThrow(
      expect.objectContaining({
        code: 'NATIVE_RULE_INVALID',
        details: { ruleId: 'r', key: 'severity' },
      }),
    );
    expect(() => defineRule({ ...base, threshold: { count: 0, windowMs: 1 } })).toThrow(
      /threshold/,
    );
    expect(defineRule(base).dedupWindowMs).toBe(3_600_000);
  });
});

describe('native rule runner', () => {
  it('alerts after the threshold within the window, per dedup key', () => {
    const runner = createNativeRuleRunner([bruteForceLogonRule]);
    const events = [
      ...Array.from({ length: 9 }, (_, index) => failedLogon('10.0.0.1', index * 1000)),
      failedLogon('10.0.0.2', 9_500),
      failedLogon('10.0.0.1', 10_000),
    ];
    const { alerts } = feed(runner, events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      ruleId: 'openmdr-native-brute-force-logon',
      title: 'Repeated failed logons from 10.0.0.1',
      severity: 'medium',
      dedupKey: '10.0.0.1',
      count: 10,
      firstSeen: 0,
      lastSeen: 10_000,
      context: { source_ip: '10.0.0.1', target_user: 'admin' },
    });
  });

  it('does not count matches that fell out of the threshold window', () => {
    const runner = createNativeRuleRunner([bruteForceLogonRule]);
    const events = Array.from({ length: 10 }, (_, index) =>
      failedLogon('10.0.0.1', index * 120_000),
    );
    expect(feed(runner, events).alerts).toHaveLength(0);
  });

  it('folds matches into the open alert during the dedup window, then opens a new one', () => {
    const rule = defineRule({
      id: 'r',
      title: 'Any process',
      severity: 'low',
      classUid: 1007,
      match: () => true,
      dedupWindowMs: 60_000,
    });
    const runner = createNativeRuleRunner([rule]);
    const { alerts, duplicates } = feed(runner, [
      { class_uid: 1007, time: 0 },
      { class_uid: 1007, time: 30_000 },
      { class_uid: 3002, time: 40_000 },
      { class_uid: 1007, time: 61_000 },
    ]);
    expect(alerts.map((alert) => alert.lastSeen)).toEqual([0, 61_000]);
    expect(duplicates).toEqual([
      { alertUid: 'r|Any process|0', ruleId: 'r', dedupKey: 'Any process', count: 2 },
    ]);
  });

  it('filters by logsource through the OCSF routing', () => {
    const rule = defineRule({
      id: 'launch',
      title: 'Launch',
      severity: 'low',
      logsource: { product: 'windows', category: 'process_creation' },
      match: () => true,
      dedupWindowMs: 0,
    });
    const runner = createNativeRuleRunner([rule]);
    const { alerts } = feed(runner, [
      { class_uid: 1007, activity_id: 1, device: { os: { type_id: 100 } }, time: 1 },
      { class_uid: 1007, activity_id: 2, device: { os: { type_id: 100 } }, time: 2 },
      { class_uid: 1007, activity_id: 1, device: { os: { type_id: 200 } }, time: 3 },
    ]);
    expect(alerts.map((alert) => alert.lastSeen)).toEqual([1]);
  });

  it('reports a rule that throws and keeps running the others', () => {
    const broken = defineRule({
      id: 'broken',
      title: 'b',
      severity: 'low',
      match: () => {
        throw new Error('boom');
      },
    });
    const runner = createNativeRuleRunner([broken, encodedPowerShellRule]);
    const { alerts, failures } = feed(runner, [
      {
        class_uid: 1007,
        activity_id: 1,
        time: 5,
        device: { hostname: 'ws1' },
        process: {
          file: { path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
          cmd_line: 'powershell.exe -nop -enc SQBFAFgA',
        },
      },
    ]);
    expect(failures).toEqual([{ ruleId: 'broken', phase: 'match', message: 'boom' }]);
    expect(alerts.map((alert) => alert.ruleId)).toEqual(['openmdr-native-encoded-powershell']);
  });

  it('keeps its state JSON-serialisable and unmodified, and expires it', () => {
    const runner = createNativeRuleRunner([bruteForceLogonRule]);
    const events = Array.from({ length: 12 }, (_, index) => failedLogon('10.0.0.1', index * 1000));
    const whole = feed(runner, events);
    const half = feed(runner, events.slice(0, 6));
    const frozen = JSON.stringify(half.state);
    const rest = feed(runner, events.slice(6), JSON.parse(frozen) as NativeRuleState);
    expect(JSON.stringify(half.state)).toBe(frozen);
    expect([...half.alerts, ...rest.alerts].map((alert) => alert.uid)).toEqual(
      whole.alerts.map((alert) => alert.uid),
    );
    expect(rest.duplicates).toHaveLength(2);
    expect(runner.expire(whole.state, 10_000_000).rules).toEqual({});
  });
});

describe('nativeAlertToFinding', () => {
  it('builds a strictly valid Detection Finding with ATT&CK, evidence and the related event', async () => {
    const { nativeAlertToFinding } = await import('./native-finding.js');
    const { validateOcsfEvent } = await import('@openmdr/core');
    const runner = createNativeRuleRunner([encodedPowerShellRule]);
    const event = {
      class_uid: 1007,
      activity_id: 1,
      time: 1_767_323_045_678,
      metadata: { uid: 'record-42', version: '1.8.0', product: { name: 'Sysmon' } },
      device: { hostname: 'ws1', type_id: 0 },
      process: {
        pid: 10,
        file: {
          name: 'powershell.exe',
          path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          type_id: 1,
        },
        cmd_line: 'powershell.exe -enc SQBFAFgA',
      },
    };
    const [alert] = runner.evaluate(runner.initialState(), event).alerts;
    const finding = nativeAlertToFinding(alert as NonNullable<typeof alert>) as unknown as Record<
      string,
      unknown
    >;
    expect(validateOcsfEvent(finding, { mode: 'strict' }).errors).toEqual([]);
    expect(finding).toMatchObject({
      class_uid: 2004,
      severity_id: 4,
      is_alert: true,
      finding_info: {
        title: 'Encoded PowerShell command on ws1',
        analytic: { uid: 'openmdr-native-encoded-powershell', type_id: 1 },
        related_events: [{ uid: 'record-42' }],
        attacks: expect.arrayContaining([
          expect.objectContaining({ sub_technique: expect.objectContaining({ uid: 'T1059.001' }) }),
        ]),
      },
      evidences: [{ process: { pid: 10 }, data: { command_line: 'powershell.exe -enc SQBFAFgA' } }],
      unmapped: { rule_author: 'OpenMDR' },
    });
  });
});

describe('native rule state in a store of @openmdr/core', () => {
  it('is a JSON value a StateStore holds', async () => {
    const { openMemoryStore } = await import('@openmdr/core');
    const store = openMemoryStore().forTenant('tenant-a').state;
    const runner = createNativeRuleRunner([bruteForceLogonRule]);
    const { state } = feed(runner, [failedLogon('10.0.0.1', 0)]);
    await store.set('native', state);
    const read = await store.get<NativeRuleState>('native');
    expect(read?.value).toEqual(state);
  });
});
