import { describe, expect, it } from 'vitest';
import {
  assessInvestigation,
  buildInvestigationGraph,
  eventEntryId,
  type GraphEdge,
} from '../src/index.js';
import { connectorFixture, pick } from './ocsf-sources.test-helpers.js';

function has(edges: readonly GraphEdge[], from: string, kind: string, to: string): boolean {
  return edges.some((edge) => edge.from === from && edge.kind === kind && edge.to === to);
}

describe('investigation graph over other connectors’ OCSF output', () => {
  it('CrowdStrike FDR: launches link parent → child by process uid, hosts named by aid are merged', () => {
    const events = connectorFixture('crowdstrike', 'fdr-events.ocsf.json');
    const graph = buildInvestigationGraph(events);
    const launches = events.filter((event) => event.class_uid === 1007 && event.activity_id === 1);
    expect(launches.length).toBeGreaterThanOrEqual(3);
    for (const event of launches) {
      const child = String(pick(event, 'process.uid'));
      const parent = String(pick(event, 'process.parent_process.uid'));
      expect(has(graph.edges, `process:${parent}`, 'spawned', `process:${child}`)).toBe(true);
      expect(graph.nodes.find((node) => node.id === `process:${child}`)?.uid).toBe(child);
    }
    // Events that carry only the sensor id land on the host named by another event with that id.
    const aid = '4c2e0a1b2c3d4e5f60718293a4b5c6d7';
    expect(graph.nodes.some((node) => node.id === `host:${aid}`)).toBe(false);
    const host = graph.nodes.find((node) => node.id === 'host:ws-fin-014');
    expect(host?.name).toBe('WS-FIN-014');
    const onHost = events.filter(
      (event) =>
        pick(event, 'device.uid') === aid && pick(event, 'actor.process.uid') !== undefined,
    );
    for (const event of onHost) {
      expect(
        has(
          graph.edges,
          `process:${String(pick(event, 'actor.process.uid'))}`,
          'executed-on',
          'host:ws-fin-014',
        ),
      ).toBe(true);
    }
    const dns = events.filter((event) => event.class_uid === 4003);
    for (const event of dns) {
      const domain = `domain:${String(pick(event, 'query.hostname')).toLowerCase()}`;
      expect(
        has(graph.edges, `process:${String(pick(event, 'actor.process.uid'))}`, 'resolved', domain),
      ).toBe(true);
    }
  });

  it('Defender hunting records: processes without a uid are linked by host, pid and start time', () => {
    const events = connectorFixture('defender', 'hunting-records.ocsf.json');
    const graph = buildInvestigationGraph(events);
    const launches = events.filter((event) => event.class_uid === 1007 && event.activity_id === 1);
    expect(launches.length).toBeGreaterThan(0);
    for (const event of launches) {
      const host = String(pick(event, 'device.hostname')).toLowerCase();
      const child = `process:${host}|${String(pick(event, 'process.pid'))}|${String(pick(event, 'process.created_time'))}`;
      const parent = `process:${host}|${String(pick(event, 'process.parent_process.pid'))}|${String(pick(event, 'process.parent_process.created_time'))}`;
      expect(has(graph.edges, parent, 'spawned', child)).toBe(true);
      expect(graph.nodes.find((node) => node.id === child)?.uid).toBeUndefined();
    }
  });

  it('CloudTrail: roles assumed, resources changed, and cloud impact markers with their events', () => {
    const events = connectorFixture('cloudtrail', 'management-events.ocsf.json');
    const graph = buildInvestigationGraph(events);
    const assumed = graph.edges.filter((edge) => edge.kind === 'assumed-role');
    expect(assumed.length).toBeGreaterThan(0);
    expect(
      graph.nodes.some(
        (node) =>
          node.kind === 'cloud_resource' && node.id.startsWith('cloud_resource:arn:aws:s3:::'),
      ),
    ).toBe(true);
    const { impact, scope } = assessInvestigation({ events, graph });
    const uidOf = (operation: string): string =>
      eventEntryId(
        events.find((event) => pick(event, 'api.operation') === operation) as Record<
          string,
          unknown
        >,
      );
    const logging = impact.find((marker) => marker.technique === 'T1562.008');
    expect(logging?.kind).toBe('defense-evasion');
    expect(logging?.evidence).toEqual([uidOf('StopLogging'), uidOf('DeleteTrail')]);
    const iam = impact.find(
      (marker) => marker.kind === 'cloud-change' && marker.technique === 'T1098',
    );
    expect(iam?.evidence).toContain(uidOf('AttachUserPolicy'));
    // A refused call changes nothing.
    expect(iam?.evidence).not.toContain(uidOf('DeleteUser'));
    expect(impact.flatMap((marker) => marker.evidence)).not.toContain(uidOf('DeleteDetector'));
    expect(
      impact.some(
        (marker) =>
          marker.kind === 'cloud-change' &&
          marker.summary.includes('AuthorizeSecurityGroupIngress'),
      ),
    ).toBe(true);
    expect(scope.hosts).toEqual([]);
    expect(scope.ips.length).toBeGreaterThan(0);
    expect(scope.resources.length).toBeGreaterThan(0);
  });

  it('Okta and Entra sign-ins: users log on to applications from IPs', () => {
    for (const [connector, file] of [
      ['okta', 'logs.ocsf.json'],
      ['entra', 'sign-ins.ocsf.json'],
    ] as const) {
      const events = connectorFixture(connector, file);
      const graph = buildInvestigationGraph(events);
      const signIns = events.filter((event) => event.class_uid === 3002 && event.status_id !== 2);
      expect(signIns.length).toBeGreaterThan(0);
      for (const event of signIns) {
        const ip = pick(event, 'src_endpoint.ip');
        const user = graph.edges.find(
          (edge) =>
            edge.kind === 'authenticated-from' && edge.to === `ip:${String(ip).toLowerCase()}`,
        );
        expect(user, `${connector} ${String(ip)}`).toBeDefined();
      }
      expect(
        graph.edges.some(
          (edge) => edge.kind === 'logged-on' && edge.to.startsWith('cloud_resource:'),
        ),
      ).toBe(true);
    }
  });

  it('EDR findings: a finding observed the processes, files and hosts of its evidences', () => {
    const events = connectorFixture('crowdstrike', 'alerts.ocsf.json');
    const graph = buildInvestigationGraph(events);
    for (const event of events) {
      const uid = pick(event, 'finding_info.uid');
      if (uid === undefined) continue;
      const finding = `finding:${String(uid)}`;
      expect(graph.nodes.find((node) => node.id === finding)?.kind).toBe('finding');
      const evidences = (pick(event, 'evidences') as unknown[] | undefined) ?? [];
      for (const evidence of evidences) {
        const processUid = pick(evidence, 'process.uid');
        if (processUid !== undefined)
          expect(has(graph.edges, finding, 'observed', `process:${String(processUid)}`)).toBe(true);
      }
      const hostname = pick(event, 'device.hostname');
      if (hostname !== undefined)
        expect(
          has(graph.edges, finding, 'observed', `host:${String(hostname).toLowerCase()}`),
        ).toBe(true);
    }
    const { origin } = assessInvestigation({ events, graph });
    const first = [...events].sort((a, b) => Number(a.time) - Number(b.time))[0];
    expect(origin?.evidence).toContain(String(pick(first, 'finding_info.uid')));
  });

  it('Zeek conn: bytes out per outside destination above the threshold are exfiltration markers', () => {
    const events = connectorFixture('zeek', 'conn.ocsf.json');
    const expected = new Map<string, number>();
    for (const event of events) {
      const ip = String(pick(event, 'dst_endpoint.ip'));
      const bytes = Number(pick(event, 'traffic.bytes_out') ?? 0);
      if (pick(event, 'connection_info.direction_id') === 1 || bytes <= 0) continue;
      if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip)) continue;
      expected.set(ip, (expected.get(ip) ?? 0) + bytes);
    }
    const sizes = [...expected.values()].sort((a, b) => b - a);
    const threshold = sizes[2] ?? 1;
    const { impact } = assessInvestigation({ events, exfiltrationBytes: threshold });
    const exfil = impact.filter((marker) => marker.kind === 'data-exfiltrated');
    expect(exfil.map((marker) => marker.bytes)).toEqual(sizes.filter((size) => size >= threshold));
    expect(exfil.every((marker) => marker.evidence.length > 0)).toBe(true);
    expect(
      assessInvestigation({ events }).impact.some((marker) => marker.kind === 'data-exfiltrated'),
    ).toBe(false);
  });
});
