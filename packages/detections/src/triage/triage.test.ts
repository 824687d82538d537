import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { resolveScoringConfig } from '../scoring/scoring-config.js';
import { hostEntity, resolveIncident, userEntity } from './grouping.js';
import { emptyTriageState, type TriageState, triageFindings } from './triage.js';
import { resolveTriageConfig, TriageConfigError, type TriageConfigInput } from './triage-config.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2026-01-01T00:00:00Z');

let counter = 0;
function finding(options: {
  rule?: string;
  host?: string;
  user?: string;
  time?: number;
  severity?: number;
  tactic?: string;
  indicator?: string;
  uid?: string;
}): Record<string, unknown> {
  counter += 1;
  return {
    class_uid: 2004,
    activity_id: 1,
    severity_id: options.severity ?? 3,
    time: options.time ?? T0,
    finding_info: {
      uid: options.uid ?? `f${counter}`,
      title: `rule ${options.rule ?? 'r1'}`,
      analytic: { type_id: 1, uid: options.rule ?? 'r1', name: `rule ${options.rule ?? 'r1'}` },
      ...(options.tactic === undefined ? {} : { attacks: [{ tactic: { name: options.tactic } }] }),
    },
    metadata: { version: '1.8.0', product: { name: 'test' } },
    ...(options.host === undefined ? {} : { device: { hostname: options.host, type_id: 0 } }),
    ...(options.user === undefined ? {} : { actor: { user: { name: options.user } } }),
    ...(options.indicator === undefined
      ? {}
      : { osint: [{ type_id: 1, value: options.indicator }] }),
  };
}

function run(
  findings: Record<string, unknown>[],
  config: TriageConfigInput = {},
  state: TriageState = emptyTriageState(),
  now = T0,
) {
  return triageFindings(
    state,
    findings.map((item) => ({ finding: item })),
    {
      scoring: resolveScoringConfig(),
      triage: resolveTriageConfig(config),
      now,
    },
  );
}

describe('dedup and threshold', () => {
  it('folds findings with the same key within the period, in and out of order', () => {
    const result = run([
      finding({ host: 'a', time: T0 + 30 * MINUTE }),
      finding({ host: 'a', time: T0 + 50 * MINUTE }),
      finding({ host: 'a', time: T0 }), // late, 30 min before the first: same period
      finding({ host: 'b', time: T0 }), // other key
      finding({ host: 'a', time: T0 + 2 * HOUR }), // a new period
    ]);
    expect(result.findings.map((item) => [item.finding['device'], item.count])).toEqual([
      [{ hostname: 'a', type_id: 0 }, 1],
      [{ hostname: 'b', type_id: 0 }, 1],
      [{ hostname: 'a', type_id: 0 }, 1],
    ]);
    expect(result.duplicates.map((item) => item.count)).toEqual([2, 3]);
    expect(result.duplicates[0]?.emittedUid).toBe(
      result.findings[0]?.finding['finding_info'] &&
        (result.findings[0].finding['finding_info'] as { uid: string }).uid,
    );
  });

  it('emits only when the threshold is reached within the period, holding the rest as pending', () => {
    const config = { dedup: { threshold: 3, periodMs: HOUR } };
    const first = run(
      [finding({ user: 'u', time: T0 }), finding({ user: 'u', time: T0 + MINUTE })],
      config,
    );
    expect(first.findings).toHaveLength(0);
    expect(first.pending.map((item) => item.count)).toEqual([1, 2]);
    const second = run(
      [
        finding({ user: 'u', time: T0 + 2 * MINUTE }),
        finding({ user: 'u', time: T0 + 3 * MINUTE }),
      ],
      config,
      first.state,
    );
    expect(second.findings.map((item) => item.count)).toEqual([3]);
    expect(second.duplicates.map((item) => item.count)).toEqual([4]);
    const later = run([finding({ user: 'u', time: T0 + 3 * HOUR })], config, second.state);
    expect(later.findings).toHaveLength(0);
    expect(later.pending[0]?.count).toBe(1);
  });
});

describe('suppression', () => {
  const suppressions = [
    {
      id: 's1',
      reason: 'backup server runs vssadmin nightly',
      owner: 'soc-lead@example.com',
      expiresAt: '2026-01-02T00:00:00Z',
      match: { rule: 'r1', host: 'backup-*' },
    },
    {
      id: 's2',
      reason: 'pentest',
      owner: 'red-team',
      expiresAt: T0 + HOUR,
      match: { user: 'pentester' },
    },
  ];

  it('sets suppressed findings aside with reason and owner and counts them per rule', () => {
    const result = run(
      [
        finding({ host: 'backup-*' }),
        finding({ host: 'BACKUP-*', rule: 'R1' }),
        finding({ host: 'backup-*', rule: 'r2' }),
        finding({ user: 'pentester' }),
      ],
      { suppressions },
    );
    expect(result.suppressed.map((item) => [item.suppression.id, item.suppression.owner])).toEqual([
      ['s1', 'soc-lead@example.com'],
      ['s1', 'soc-lead@example.com'],
      ['s2', 'red-team'],
    ]);
    expect(result.suppressed[0]?.suppression.reason).toBe('backup server runs vssadmin nightly');
    expect(result.suppressed[0]?.score.score).toBeGreaterThan(0);
    expect(result.state.suppressedCounts).toEqual({ s1: 2, s2: 1 });
    expect(result.findings).toHaveLength(1);
  });

  it('stops applying an expired suppression', () => {
    const result = run(
      [finding({ user: 'pentester' })],
      { suppressions },
      emptyTriageState(),
      T0 + HOUR,
    );
    expect(result.suppressed).toHaveLength(0);
    expect(result.findings).toHaveLength(1);
  });

  it('rejects suppressions without owner, expiry or condition, naming the key', () => {
    try {
      resolveTriageConfig({ suppressions: [{ id: 'x', reason: 'r', match: {} }] });
      expect.unreachable();
    } catch (error) {
      expect(TriageConfigError.isInstance(error)).toBe(true);
      const paths = (error as TriageConfigError).issues.map((issue) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'suppressions.0.owner',
          'suppressions.0.expiresAt',
          'suppressions.0.match',
        ]),
      );
    }
  });
});

describe('incident grouping', () => {
  const noDedup = { dedup: { key: ['finding_info.uid'] } };

  function groups(result: ReturnType<typeof run>): string[][] {
    const byIncident = new Map<string, string[]>();
    for (const item of result.findings) {
      const uid = (item.finding['finding_info'] as { uid: string }).uid;
      const incident =
        item.incidentUid === undefined
          ? 'none'
          : resolveIncident(result.state.grouping, item.incidentUid);
      byIncident.set(incident, [...(byIncident.get(incident) ?? []), uid]);
    }
    return [...byIncident.values()]
      .map((list) => list.sort())
      .sort((left, right) => (left[0] as string).localeCompare(right[0] as string));
  }

  it('groups by shared host, user or indicator within the window and builds valid Incident Findings', () => {
    const result = run(
      [
        finding({ uid: 'a', host: 'ws-1', user: 'alice', time: T0, severity: 3 }),
        finding({ uid: 'b', host: 'ws-2', user: 'alice', time: T0 + HOUR, severity: 4 }),
        finding({ uid: 'c', host: 'ws-3', indicator: '198.51.100.7', time: T0 }),
        finding({ uid: 'd', host: 'ws-4', indicator: '198.51.100.7', time: T0 + 3 * HOUR }),
        finding({ uid: 'e', host: 'ws-1', time: T0 + 10 * HOUR }),
      ],
      noDedup,
    );
    expect(groups(result)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(result.incidents).toHaveLength(3);
    for (const incident of result.incidents)
      expect(validateOcsfEvent(incident, { mode: 'strict' }).ok).toBe(true);
    const ab = result.incidents.find((incident) =>
      incident.finding_info_list.some((info) => info.uid === 'a'),
    );
    expect(ab).toMatchObject({
      class_uid: 2005,
      activity_id: 1,
      severity_id: 4,
      count: 2,
      start_time: T0,
      end_time: T0 + HOUR,
    });
    expect(ab?.observables?.map((observable) => observable.value)).toEqual([
      'ws-1',
      'ws-2',
      'alice',
    ]);
    // priority: top score + 5 × log2(2 members)
    const topScore = Math.max(
      ...result.findings
        .filter((item) => item.incidentUid === ab?.metadata.uid)
        .map((item) => item.score.score),
    );
    expect(ab?.risk_score).toBe(topScore + 5);
  });

  it('matches short host and account names across sources (entityMatch short), or exactly', () => {
    const sources = [
      finding({
        uid: 'sysmon',
        host: 'WS-FIN-042.corp.acme.example',
        user: 'CORP\\jdoe',
        time: T0,
      }),
      finding({ uid: 'edr', host: 'ws-fin-042', time: T0 + MINUTE }),
      finding({ uid: 'idp', user: 'jdoe@acme.example', time: T0 + 2 * MINUTE }),
      finding({ uid: 'ip', host: '10.20.14.42', time: T0 + 3 * MINUTE }),
      finding({ uid: 'ip2', host: '10.20.14.43', time: T0 + 4 * MINUTE }),
    ];
    expect(groups(run(sources, noDedup))).toEqual([['edr', 'idp', 'sysmon'], ['ip'], ['ip2']]);
    expect(groups(run(sources, { ...noDedup, grouping: { entityMatch: 'exact' } }))).toEqual([
      ['edr'],
      ['idp'],
      ['ip'],
      ['ip2'],
      ['sysmon'],
    ]);
    expect(hostEntity('WS-01.corp.example')).toBe('ws-01');
    expect(hostEntity('2001:db8::7')).toBe('2001:db8::7');
    expect(userEntity('CORP\\Alice')).toBe('alice');
    expect(userEntity('alice@corp.example', 'exact')).toBe('alice@corp.example');
  });

  it('joins a network sensor finding to the EDR finding on the same address (ip entities)', () => {
    const edr = {
      ...finding({ uid: 'edr', host: 'WS-FIN-042', time: T0 }),
      device: { hostname: 'WS-FIN-042', ip: '10.20.14.42', type_id: 2 },
    };
    // A Suricata alert: no device, the flow's endpoints in its evidence.
    const ids = {
      ...finding({ uid: 'ids', rule: 'sid-2027865', time: T0 + MINUTE }),
      evidences: [
        { src_endpoint: { ip: '10.20.14.42', port: 49_811 }, dst_endpoint: { ip: '203.0.113.66' } },
      ],
    };
    const beacon = {
      ...finding({ uid: 'beacon', rule: 'network.beaconing', time: T0 + 2 * MINUTE }),
      device: { ip: '10.20.14.42', type_id: 0 },
    };
    const other = {
      ...finding({ uid: 'other', rule: 'sid-1', time: T0 + 3 * MINUTE }),
      evidences: [{ src_endpoint: { ip: '10.20.14.43' } }],
    };
    const sources = [edr, ids, beacon, other];
    expect(groups(run(sources, noDedup))).toEqual([['beacon', 'edr', 'ids'], ['other']]);
    expect(
      groups(run(sources, { ...noDedup, grouping: { entities: ['host', 'user', 'indicator'] } })),
    ).toEqual([['beacon', 'ids', 'other'], ['edr']]); // entity-less: no incident
  });
  it('links beyond the window when the finding advances the ATT&CK progression', () => {
    const result = run(
      [
        finding({ uid: 'init', host: 'h', tactic: 'initial-access', time: T0 }),
        finding({ uid: 'exec', host: 'h', tactic: 'Execution', time: T0 + 10 * HOUR }),
        finding({ uid: 'recon', host: 'h', tactic: 'TA0043', time: T0 + 20 * HOUR }),
        finding({ uid: 'exfil', host: 'h', tactic: 'exfiltration', time: T0 + 30 * HOUR }),
      ],
      noDedup,
    );
    // exec advances initial-access (10 h < 24 h progression window); recon goes backwards: new incident;
    // exfil advances both but the first incident's last activity is 20 h back: merge
    expect(groups(result)).toEqual([['exec', 'exfil', 'init', 'recon']]);
    const open = result.incidents.find((incident) => incident.status_id === 1);
    expect(open?.attacks?.map((attack) => attack.tactic?.name)).toEqual([
      'Reconnaissance',
      'Initial Access',
      'Execution',
      'Exfiltration',
    ]);
  });

  it('merges incidents bridged by a finding and redirects the merged one to the survivor', () => {
    const first = run(
      [
        finding({ uid: 'x', host: 'h1', user: 'u1', time: T0 }),
        finding({ uid: 'y', host: 'h2', user: 'u2', time: T0 + MINUTE }),
      ],
      noDedup,
    );
    expect(first.incidents).toHaveLength(2);
    const [older, newer] = first.incidents.map((incident) => incident.metadata.uid as string);
    const second = run(
      [finding({ uid: 'z', host: 'h1', user: 'u2', time: T0 + 2 * MINUTE })],
      noDedup,
      first.state,
    );
    const survivor = second.incidents.find((incident) => incident.status_id === 1);
    const mergedAway = second.incidents.find((incident) => incident.status_id === 99);
    expect(survivor?.metadata.uid).toBe(older);
    expect(survivor?.activity_id).toBe(2);
    expect(survivor?.finding_info_list.map((info) => info.uid)).toEqual(['x', 'y', 'z']);
    expect(mergedAway).toMatchObject({
      activity_id: 3,
      status: 'Merged',
      status_detail: `redirected to ${older}`,
      unmapped: { redirect_incident_uid: older },
    });
    expect(mergedAway?.metadata.uid).toBe(newer);
    for (const incident of second.incidents)
      expect(validateOcsfEvent(incident, { mode: 'strict' }).ok).toBe(true);
    const late = run(
      [finding({ uid: 'w', host: 'h2', time: T0 - 30 * MINUTE })],
      noDedup,
      second.state,
    );
    expect(late.findings[0]?.incidentUid).toBe(older);
  });

  it('groups the same way whatever the arrival order', () => {
    const items = [
      finding({ uid: '1', host: 'h', time: T0 }),
      finding({ uid: '2', host: 'h', user: 'u', time: T0 + 3 * HOUR }),
      finding({ uid: '3', user: 'u', time: T0 + 6 * HOUR }),
      finding({ uid: '4', host: 'h', time: T0 + 20 * HOUR }),
      finding({ uid: '5', user: 'v', time: T0 + HOUR }),
    ];
    const inOrder = groups(run(items, noDedup));
    const reversed = groups(run([...items].reverse(), noDedup));
    const shuffled = groups(
      run([items[3], items[0], items[4], items[2], items[1]] as Record<string, unknown>[], noDedup),
    );
    expect(inOrder).toEqual([['1', '2', '3'], ['4'], ['5']]);
    expect(reversed).toEqual(inOrder);
    expect(shuffled).toEqual(inOrder);
  });

  it('closes incidents idle past the window plus the allowed lateness, and the state stays JSON', () => {
    const config = { ...noDedup, grouping: { allowedLatenessMs: HOUR, progressionWindowMs: 0 } };
    const first = run([finding({ uid: 'old', host: 'h', time: T0 })], config);
    const second = run(
      [finding({ uid: 'new', host: 'other', time: T0 + 6 * HOUR })],
      config,
      first.state,
    );
    const closed = second.incidents.find((incident) => incident.activity_id === 3);
    expect(closed).toMatchObject({ status_id: 5 });
    expect(Object.keys(second.state.grouping.incidents)).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(second.state))).toEqual(second.state);
    const again = run(
      [finding({ uid: 'h-late', host: 'h', time: T0 + 7 * HOUR })],
      config,
      second.state,
    );
    expect(again.findings[0]?.incidentUid).not.toBe(first.findings[0]?.incidentUid);
  });
});
