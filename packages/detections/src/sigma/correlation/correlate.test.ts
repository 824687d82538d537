import { describe, expect, it } from 'vitest';
import { ocsfFieldMapping } from '../ocsf/index.js';
import {
  type CorrelationMatch,
  type CorrelationSet,
  type CorrelationState,
  compileCorrelations,
  correlationFromDocument,
  parseCorrelationDocuments,
  SigmaCorrelationError,
} from './index.js';

const minute = 60_000;

function load(yaml: string, mapping?: Parameters<typeof compileCorrelations>[1]): CorrelationSet {
  const parsed = parseCorrelationDocuments(yaml, { file: 'test.yml' });
  expect(parsed.errors).toEqual([]);
  return compileCorrelations(parsed.correlations, { rules: parsed.rules, ...mapping });
}

/** Group key → entries of one correlation, across hash buckets. */
function groupsOf(state: CorrelationState, correlation: string) {
  return Object.assign({}, ...Object.values(state.groups[correlation] ?? {})) as Record<
    string,
    unknown
  >;
}

function run(set: CorrelationSet, matches: CorrelationMatch[], start?: CorrelationState) {
  let state = start ?? set.initialState();
  const alerts = [];
  for (const match of matches) {
    const step = set.step(state, match, 1_000);
    state = step.state;
    alerts.push(...step.alerts);
  }
  return { state, alerts };
}

const failedLogon = `
title: Failed logon
id: 0e95725d-7320-415d-80f7-004da920fc11
name: failed_logon
logsource: { product: windows, service: security }
detection:
  selection: { EventID: 4625 }
  condition: selection
---
title: Successful logon
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_logon
logsource: { product: windows, service: security }
detection:
  selection: { EventID: 4624 }
  condition: selection
`;

const m = (
  ruleId: string,
  timestamp: number,
  event: Record<string, unknown>,
): CorrelationMatch => ({
  ruleId,
  timestamp,
  event,
});
const failed = '0e95725d-7320-415d-80f7-004da920fc11';
const success = '4d0a2c83-c62c-4ed4-b475-c7e23a9269b8';

describe('event_count', () => {
  const set = load(`${failedLogon}---
title: Many failed logons for one user
id: c1
name: many_failed
level: high
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 5m
  condition: { gte: 3 }
`);

  it('fires when the count is reached within the timespan for one group', () => {
    const { alerts } = run(set, [
      m(failed, 0, { TargetUserName: 'alice' }),
      m(failed, 1 * minute, { TargetUserName: 'bob' }),
      m(failed, 2 * minute, { TargetUserName: 'alice' }),
      m(failed, 3 * minute, { TargetUserName: 'alice' }),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      correlationId: 'c1',
      level: 'high',
      group: { TargetUserName: 'alice' },
      windowStart: 0,
      windowEnd: 3 * minute,
      value: 3,
      detectedAt: 1_000,
    });
    expect(alerts[0]?.matches.map((match) => match.timestamp)).toEqual([0, 2 * minute, 3 * minute]);
  });

  it('gives two alerts of one group in the same millisecond different uids, and the same matches the same uid', () => {
    // One event matched six times (as by six rules) fires the correlation twice at one time.
    const matches = [0, 1, 2, 3, 4, 5].map((index) => ({
      ...m(failed, minute, { TargetUserName: 'alice' }),
      ref: `event-${index}`,
    }));
    const first = run(set, matches).alerts;
    expect(first).toHaveLength(2);
    expect(first[0]?.windowEnd).toBe(first[1]?.windowEnd);
    expect(first[0]?.uid).not.toBe(first[1]?.uid);
    expect(run(set, matches).alerts.map((alert) => alert.uid)).toEqual(
      first.map((alert) => alert.uid),
    );
  });

  it('slides the window instead of cutting it at boundaries', () => {
    const spread = [0, 4, 8].map((t) => m(failed, t * minute, { TargetUserName: 'alice' }));
    expect(run(set, spread).alerts).toHaveLength(0);
    const { alerts } = run(set, [...spread, m(failed, 9 * minute, { TargetUserName: 'alice' })]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ windowStart: 4 * minute, windowEnd: 9 * minute });
  });

  it('accepts matches out of order within the timespan and ignores those too late', () => {
    const { alerts } = run(set, [
      m(failed, 10 * minute, { TargetUserName: 'alice' }),
      m(failed, 12 * minute, { TargetUserName: 'alice' }),
      m(failed, 8 * minute, { TargetUserName: 'alice' }),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ windowStart: 8 * minute, windowEnd: 12 * minute });
    const late = run(set, [
      m(failed, 20 * minute, { TargetUserName: 'alice' }),
      m(failed, 21 * minute, { TargetUserName: 'alice' }),
      m(failed, 1 * minute, { TargetUserName: 'alice' }),
    ]);
    expect(late.alerts).toHaveLength(0);
  });

  it('consumes the matches of a fired window', () => {
    const matches = [0, 1, 2, 3, 4].map((t) => m(failed, t * 1000, { TargetUserName: 'alice' }));
    expect(run(set, matches).alerts).toHaveLength(1);
    expect(
      run(set, [...matches, m(failed, 5000, { TargetUserName: 'alice' })]).alerts,
    ).toHaveLength(2);
  });

  it('round-trips its state through JSON mid-stream with the same result', () => {
    const matches = [0, 1, 2, 3, 4, 5, 6, 7].map((t) =>
      m(failed, t * 30_000, { TargetUserName: t % 2 === 0 ? 'alice' : 'bob' }),
    );
    const whole = run(set, matches);
    const first = run(set, matches.slice(0, 3));
    const stored = JSON.parse(JSON.stringify(first.state)) as unknown;
    const second = run(set, matches.slice(3), set.restore(stored));
    expect([...first.alerts, ...second.alerts]).toEqual(whole.alerts);
    expect(second.state).toEqual(whole.state);
    expect(() => set.restore({ version: 2 })).toThrow(SigmaCorrelationError);
  });

  it('does not modify the state it is given', () => {
    const start = run(set, [m(failed, 0, { TargetUserName: 'alice' })]).state;
    const snapshot = JSON.stringify(start);
    set.step(start, m(failed, 1000, { TargetUserName: 'alice' }), 0);
    set.step(start, m(failed, 2000, { TargetUserName: 'alice' }), 0);
    expect(JSON.stringify(start)).toBe(snapshot);
  });

  it('expires groups once event time has moved past their window', () => {
    const { state } = run(set, [
      m(failed, 0, { TargetUserName: 'alice' }),
      m(failed, 1 * minute, { TargetUserName: 'bob' }),
    ]);
    expect(Object.keys(groupsOf(state, 'c1'))).toHaveLength(2);
    expect(groupsOf(set.expire(state, 5.5 * minute), 'c1')).toEqual({
      '["bob"]': [{ t: minute, r: 0 }],
    });
    expect(set.expire(state, 7 * minute).groups.c1).toBeUndefined();
    const later = run(set, [m(failed, 30 * minute, { TargetUserName: 'carol' })], state).state;
    expect(Object.keys(groupsOf(later, 'c1'))).toEqual(['["carol"]']);
  });

  it('suppresses the referenced rule alerts unless generate is set', () => {
    expect(set.emitsRuleAlerts(failed)).toBe(false);
    expect(set.emitsRuleAlerts(success)).toBe(true);
  });
});

describe('conditions', () => {
  const withCondition = (condition: string) =>
    load(`${failedLogon}---
title: c
id: c
correlation:
  type: event_count
  rules: [${failed}]
  group-by: [TargetUserName]
  timespan: 1h
  condition: ${condition}
`);
  const counts = (condition: string, n: number) =>
    run(
      withCondition(condition),
      Array.from({ length: n }, (_, index) => m(failed, index, { TargetUserName: 'a' })),
    ).alerts.map((alert) => alert.value);

  it('evaluates gt, lt, eq, neq and ranges', () => {
    expect(counts('{ gt: 2 }', 3)).toEqual([3]);
    expect(counts('{ gt: 2 }', 2)).toEqual([]);
    expect(counts('{ eq: 2 }', 2)).toEqual([2]);
    expect(counts('{ lt: 2 }', 1)).toEqual([1]);
    expect(counts('{ neq: 1 }', 1)).toEqual([]);
    expect(counts('{ neq: 1 }', 2)).toEqual([2]);
    expect(counts('{ gte: 2, lte: 3 }', 2)).toEqual([2]);
    expect(counts('{ gt: 3, lte: 4 }', 3)).toEqual([]);
  });
});

describe('value_count', () => {
  it('counts distinct values of the condition field per group', () => {
    const set = load(`${failedLogon}---
title: Password spraying
id: spray
correlation:
  type: value_count
  rules: [failed_logon]
  group-by: [IpAddress]
  timespan: 10m
  condition: { gte: 3, field: TargetUserName }
`);
    const { alerts } = run(set, [
      m(failed, 0, { IpAddress: '10.0.0.1', TargetUserName: 'a' }),
      m(failed, 1, { IpAddress: '10.0.0.1', TargetUserName: 'a' }),
      m(failed, 2, { IpAddress: '10.0.0.1', TargetUserName: 'b' }),
      m(failed, 3, { IpAddress: '10.0.0.2', TargetUserName: 'c' }),
      m(failed, 4, { IpAddress: '10.0.0.1', TargetUserName: 'c' }),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ group: { IpAddress: '10.0.0.1' }, value: 3 });
    expect(alerts[0]?.matches).toHaveLength(4);
  });
});

describe('temporal and temporal_ordered', () => {
  const correlation = (type: string) =>
    load(`${failedLogon}---
title: Failure then success
id: t
correlation:
  type: ${type}
  rules: [failed_logon, successful_logon]
  group-by: [TargetUserName]
  timespan: 1m
`);

  it('temporal fires when every rule matched in the window, in any order', () => {
    const { alerts } = run(correlation('temporal'), [
      m(success, 0, { TargetUserName: 'a' }),
      m(failed, 1000, { TargetUserName: 'a' }),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.value).toBe(2);
  });

  it('temporal does not fire when the rules matched further apart than the timespan', () => {
    const { alerts } = run(correlation('temporal'), [
      m(success, 0, { TargetUserName: 'a' }),
      m(failed, 2 * minute, { TargetUserName: 'a' }),
    ]);
    expect(alerts).toHaveLength(0);
  });

  it('temporal_ordered needs the order of the rules list', () => {
    const set = correlation('temporal_ordered');
    expect(
      run(set, [m(success, 0, { TargetUserName: 'a' }), m(failed, 1000, { TargetUserName: 'a' })])
        .alerts,
    ).toHaveLength(0);
    expect(
      run(set, [m(failed, 0, { TargetUserName: 'a' }), m(success, 1000, { TargetUserName: 'a' })])
        .alerts,
    ).toHaveLength(1);
  });

  it('temporal_ordered orders by event time when matches arrive out of order', () => {
    const set = correlation('temporal_ordered');
    const { alerts } = run(set, [
      m(success, 5000, { TargetUserName: 'a' }),
      m(failed, 1000, { TargetUserName: 'a' }),
    ]);
    expect(alerts).toHaveLength(1);
  });
});

describe('aliases and chains', () => {
  it('groups different fields of different rules under one alias', () => {
    const set = load(`
title: Outbound
name: outbound
id: r1
logsource: { category: network_connection }
detection: { selection: { Initiated: 'true' }, condition: selection }
---
title: Inbound
name: inbound
id: r2
logsource: { category: network_connection }
detection: { selection: { Initiated: 'false' }, condition: selection }
---
title: Both ways
id: both
correlation:
  type: temporal
  rules: [outbound, inbound]
  group-by: [internal_ip]
  timespan: 1m
  aliases:
    internal_ip:
      outbound: SourceIp
      inbound: DestinationIp
`);
    const { alerts } = run(set, [
      m('r1', 0, { SourceIp: '10.0.0.9', DestinationIp: '203.0.113.1' }),
      m('r2', 1000, { SourceIp: '203.0.113.1', DestinationIp: '10.0.0.9' }),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.group).toEqual({ internal_ip: '10.0.0.9' });
  });

  it('feeds a correlation alert into a correlation that references it', () => {
    const set = load(`${failedLogon}---
title: Many failures
name: many_failed
id: c-inner
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 5m
  condition: { gte: 2 }
---
title: Brute force then success
id: c-outer
level: critical
correlation:
  type: temporal_ordered
  rules: [many_failed, successful_logon]
  group-by: [TargetUserName]
  timespan: 10m
`);
    const { alerts } = run(set, [
      m(failed, 0, { TargetUserName: 'a' }),
      m(failed, minute, { TargetUserName: 'a' }),
      m(success, 2 * minute, { TargetUserName: 'a' }),
    ]);
    expect(alerts.map((alert) => alert.correlationId)).toEqual(['c-outer']);
    expect(alerts[0]).toMatchObject({ level: 'critical', group: { TargetUserName: 'a' } });
    expect(alerts[0]?.matches[0]).toMatchObject({
      ruleId: 'many_failed',
      ref: expect.stringContaining('c-inner'),
    });
  });

  it('emits the inner correlation too when the outer one sets generate', () => {
    const set = load(`${failedLogon}---
title: Many failures
name: many_failed
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 5m
  condition: { gte: 1 }
---
title: Outer
id: outer
correlation:
  type: event_count
  rules: [many_failed]
  group-by: [TargetUserName]
  timespan: 5m
  condition: { gte: 2 }
  generate: true
`);
    const { alerts } = run(set, [
      m(failed, 0, { TargetUserName: 'a' }),
      m(failed, 1, { TargetUserName: 'a' }),
    ]);
    expect(alerts.map((alert) => alert.correlationId)).toEqual([
      'many_failed',
      'many_failed',
      'outer',
    ]);
  });

  it('reads group-by fields through a field mapping (OCSF events)', () => {
    const set = load(
      `${failedLogon}---
title: OCSF
id: o
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName, IpAddress]
  timespan: 5m
  condition: { gte: 2 }
`,
      { mapping: ocsfFieldMapping },
    );
    const event = {
      class_uid: 3002,
      user: { name: 'admin' },
      src_endpoint: { ip: '198.51.100.7' },
    };
    const { alerts } = run(set, [m(failed, 0, event), m(failed, 1, event)]);
    expect(alerts[0]?.group).toEqual({ TargetUserName: 'admin', IpAddress: '198.51.100.7' });
  });
});

describe('parsing and compiling errors', () => {
  it('names file, line, rule and key of an invalid correlation and goes on', () => {
    const parsed = parseCorrelationDocuments(
      `title: bad
id: bad-1
correlation:
  type: event_count
  rules: [x]
  group-by: [User]
  timespan: 5 minutes
  condition: { gte: 1 }
---
title: good
id: good-1
correlation:
  type: temporal
  rules: [x, y]
  timespan: 5m
`,
      { file: 'rules/c.yml' },
    );
    expect(parsed.correlations.map((rule) => rule.id)).toEqual(['good-1']);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({
      code: 'SIGMA_CORRELATION_INVALID',
      file: 'rules/c.yml',
      line: 7,
      ruleId: 'bad-1',
      key: 'correlation.timespan',
    });
  });

  it.each([
    ['unknown type', 'type: sum_it\n  rules: [x]\n  timespan: 1m', 'correlation.type'],
    [
      'missing condition',
      'type: event_count\n  rules: [x]\n  timespan: 1m',
      'correlation.condition',
    ],
    [
      'value_count without field',
      'type: value_count\n  rules: [x]\n  timespan: 1m\n  condition: { gte: 1 }',
      'correlation.condition',
    ],
    [
      'bad operator',
      'type: event_count\n  rules: [x]\n  timespan: 1m\n  condition: { more: 1 }',
      'correlation.condition.more',
    ],
  ])('rejects %s', (_name, body, key) => {
    const parsed = parseCorrelationDocuments(`title: t\ncorrelation:\n  ${body}\n`);
    expect(parsed.errors[0]?.key).toBe(key);
  });

  it('rejects value_percentile as unsupported', () => {
    const parsed = parseCorrelationDocuments(
      'title: t\ncorrelation:\n  type: value_percentile\n  rules: [x]\n  timespan: 1m\n',
    );
    expect(parsed.errors[0]?.code).toBe('SIGMA_CORRELATION_UNSUPPORTED');
  });

  it('rejects unknown references and cycles', () => {
    const unknown = parseCorrelationDocuments(
      'title: t\nid: t\ncorrelation:\n  type: temporal\n  rules: [nope]\n  timespan: 1m\n',
    );
    expect(() => compileCorrelations(unknown.correlations, { rules: [] })).toThrow(
      expect.objectContaining({ code: 'SIGMA_CORRELATION_REFERENCE' }),
    );
    const cycle = parseCorrelationDocuments(
      'title: a\nname: a\ncorrelation:\n  type: temporal\n  rules: [b]\n  timespan: 1m\n---\ntitle: b\nname: b\ncorrelation:\n  type: temporal\n  rules: [a]\n  timespan: 1m\n',
    );
    expect(() => compileCorrelations(cycle.correlations)).toThrow(/cycle/);
  });
});

describe('correlations loaded by the Sigma loader', () => {
  it('converts a loaded correlation document and reports its problems at its line', async () => {
    const { parseSigmaYaml } = await import('../parse.js');
    const text = `${failedLogon}---
title: From the loader
id: 5f0c1a52-7f2e-4d0e-9a63-3c2c9f1b7a10
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 1m
  condition: { gte: 2 }
`;
    const parsed = parseSigmaYaml(text, 'loaded.yml');
    const documents = parsed.documents.filter((document) => document.kind === 'correlation');
    expect(documents).toHaveLength(1);
    const rule = correlationFromDocument(
      documents[0] as Parameters<typeof correlationFromDocument>[0],
    );
    expect(rule).toMatchObject({
      id: '5f0c1a52-7f2e-4d0e-9a63-3c2c9f1b7a10',
      type: 'event_count',
      timespanMs: 60_000,
    });
    const broken = { ...(documents[0] as Parameters<typeof correlationFromDocument>[0]) };
    const bad = {
      ...broken,
      raw: { ...broken.raw, correlation: { type: 'event_count', rules: ['x'], timespan: 'soon' } },
    };
    expect(() => correlationFromDocument(bad)).toThrow(
      expect.objectContaining({
        file: 'loaded.yml',
        line: broken.source.line,
        key: 'correlation.timespan',
      }),
    );
  });
});

it('parses an empty text to nothing', () => {
  expect(parseCorrelationDocuments('')).toEqual({ correlations: [], rules: [], errors: [] });
});

describe('correlationAlertToFinding', () => {
  it('builds a strictly valid Detection Finding carrying group, window, matches and author', async () => {
    const { correlationAlertToFinding } = await import('./index.js');
    const { validateOcsfEvent } = await import('@openmdr/core');
    const set = load(`${failedLogon}---
title: Many failed logons
id: c-finding
author: Jane Doe
level: high
tags: [attack.credential-access, attack.t1110]
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 5m
  condition: { gte: 2 }
`);
    const { alerts } = run(set, [
      { ...m(failed, 0, { TargetUserName: 'a' }), ref: 'r1' },
      { ...m(failed, 1000, { TargetUserName: 'a' }), ref: 'r2' },
    ]);
    const finding = correlationAlertToFinding(
      alerts[0] as NonNullable<(typeof alerts)[0]>,
    ) as unknown as Record<string, unknown>;
    expect(validateOcsfEvent(finding, { mode: 'strict' }).errors).toEqual([]);
    expect(finding).toMatchObject({
      class_uid: 2004,
      severity_id: 4,
      time: 1000,
      finding_info: {
        analytic: { uid: 'c-finding' },
        related_events: [{ uid: 'r1' }, { uid: 'r2' }],
        first_seen_time: 0,
        last_seen_time: 1000,
      },
      evidences: [{ data: { group: { TargetUserName: 'a' } } }],
      unmapped: { rule_author: 'Jane Doe', correlation_type: 'event_count', value: 2 },
    });
  });
});

describe('correlation state in a store of @openmdr/core', () => {
  it('is written to and read back from a StateStore mid-stream with compare-and-set', async () => {
    const { openMemoryStore } = await import('@openmdr/core');
    const set = load(`${failedLogon}---
title: c
id: stored
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 5m
  condition: { gte: 3 }
`);
    const store = openMemoryStore().forTenant('tenant-a').state;
    const matches = [0, 1, 2].map((t) => m(failed, t * 1000, { TargetUserName: 'a' }));
    let version: number | null = null;
    const alerts = [];
    for (const match of matches) {
      const stored = await store.get<CorrelationState>('correlation');
      const state = stored === undefined ? set.initialState() : set.restore(stored.value);
      const step = set.step(state, match, 0);
      version = await store.compareAndSet('correlation', version, step.state);
      alerts.push(...step.alerts);
    }
    expect(alerts).toHaveLength(1);
    expect((await store.get('correlation'))?.value).toEqual({
      version: 1,
      watermark: 2000,
      sweptAt: 0,
      groups: {},
    });
  });
});
