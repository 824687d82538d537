import { describe, expect, it } from 'vitest';
import type { InvestigationAssessment } from '../assessment/assessment-types.js';
import type { GraphEdge, GraphNode, InvestigationGraph } from '../graph/graph-types.js';
import type { TimelineEntry } from '../timeline/timeline-types.js';
import { layoutGraph, selectDrawnNodes } from './graph-layout.js';
import type { InvestigationReport } from './investigation-report.js';
import { renderInvestigationHtml } from './render-investigation-html.js';

const T0 = Date.UTC(2026, 10, 3, 9, 0, 0);
const EVIL = 'cmd.exe /c "<script>alert(1)</script>" & echo \'x\' > out.txt';

function node(
  id: string,
  kind: GraphNode['kind'],
  name: string,
  extra: Partial<GraphNode> = {},
): GraphNode {
  const seen = extra.firstSeen ?? T0;
  return { id, kind, name, firstSeen: seen, lastSeen: seen, count: 1, attributes: {}, ...extra };
}

function edge(from: string, kind: GraphEdge['kind'], to: string, at = T0): GraphEdge {
  return {
    id: `${from}|${kind}|${to}`,
    from,
    to,
    kind,
    firstSeen: at,
    lastSeen: at,
    count: 1,
    evidence: [],
  };
}

function entry(
  id: string,
  offset: number,
  summary: string,
  extra: Partial<TimelineEntry> = {},
): TimelineEntry {
  return {
    id,
    time: T0 + offset,
    reportedTime: T0 + offset,
    source: 'Microsoft-Windows-Sysmon/Operational',
    type: 'event',
    className: 'Process Activity',
    classUid: 1007,
    host: 'WS-12',
    user: 'ACME\\alice',
    summary,
    entities: [],
    techniques: [],
    severity: null,
    ...extra,
  };
}

const graph: InvestigationGraph = {
  nodes: [
    node('process:{A}', 'process', 'C:\\Windows\\explorer.exe', {
      uid: '{A}',
      attributes: { pid: 100 },
    }),
    node('process:{B}', 'process', 'C:\\Windows\\System32\\cmd.exe', {
      uid: '{B}',
      firstSeen: T0 + 1000,
      attributes: { pid: 200, cmd_line: EVIL },
    }),
    node('process:{C}', 'process', 'C:\\Windows\\System32\\whoami.exe', {
      uid: '{C}',
      firstSeen: T0 + 2000,
    }),
    node('host:ws-12', 'host', 'WS-12'),
    node('user:acme\\alice', 'user', 'ACME\\alice'),
    node('ip:203.0.113.9', 'ip', '203.0.113.9'),
  ],
  edges: [
    edge('process:{A}', 'spawned', 'process:{B}'),
    edge('process:{B}', 'spawned', 'process:{C}'),
    edge('process:{A}', 'executed-on', 'host:ws-12'),
    edge('process:{B}', 'executed-on', 'host:ws-12'),
    edge('process:{C}', 'executed-on', 'host:ws-12'),
    edge('process:{B}', 'ran-as', 'user:acme\\alice'),
    edge('process:{C}', 'connected-to', 'ip:203.0.113.9'),
  ],
};

const timeline: TimelineEntry[] = [
  entry('e1', 1000, `Process created: ${EVIL} (parent explorer.exe)`),
  entry('e2', 2000, 'Process created: whoami.exe (parent cmd.exe)'),
  entry('e2b', 2000, 'Process created: whoami.exe (parent cmd.exe)', { duplicateOf: 'e2' }),
  entry('e3', 3000, 'Network connection to 203.0.113.9:443'),
];

const assessment: InvestigationAssessment = {
  scope: {
    hosts: ['WS-12'],
    users: ['ACME\\alice'],
    accounts: [],
    ips: ['203.0.113.9'],
    domains: [],
    files: ['<img src=x onerror=alert(2)>.txt'],
    resources: [],
    firstSeen: T0 + 1000,
    lastSeen: T0 + 3000,
  },
  origin: {
    host: 'WS-12',
    user: 'ACME\\alice',
    time: T0 + 1000,
    summary: `First activity: ${EVIL}`,
    initialAccess: 'unknown',
    technique: null,
    evidence: ['e1', 'e2'],
  },
  impact: [
    {
      kind: 'data-exfiltrated',
      summary: 'Upload to 203.0.113.9',
      technique: 'T1041',
      hosts: ['WS-12'],
      bytes: 1_048_576,
      time: T0 + 3000,
      evidence: ['e3'],
    },
  ],
};

const report: InvestigationReport = {
  timeline,
  graph,
  assessment,
  notes: ['1 record could not be normalised'],
};

describe('renderInvestigationHtml', () => {
  const html = renderInvestigationHtml(report, { title: 'Case <42>' });

  it('escapes attacker-controlled text: a <script> in a command line is text', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;.txt');
    expect(html).toContain('<title>Case &lt;42&gt;</title>');
    expect(html).toContain('&amp; echo &#39;x&#39; &gt; out.txt');
  });

  it('is self-contained: no script, no external resource, a policy that forbids loading any', () => {
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
    expect(html).not.toMatch(/<[a-z]+[^>]*\s(src|srcset)=/i);
    expect(html).not.toMatch(/href="(?!#)/);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).not.toContain('@import');
  });

  it('draws every node and edge, with kind badges and edge labels', () => {
    expect(html.match(/<g class="node kind-/g)).toHaveLength(6);
    // The three executed-on edges are shown by the host's band, the other four drawn.
    expect(html.match(/<g class="edge kind-/g)).toHaveLength(4);
    expect(html).not.toContain('<g class="edge kind-executed-on">');
    expect(html).toContain('3 executed-on relations are shown by the bands rather than drawn.');
    expect(html).toContain('<g class="node kind-process" data-id="process:{B}">');
    expect(html).toContain('>cmd.exe (200)</text>');
    expect(html).toContain('class="edge-label">spawned</text>');
    expect(html).toContain('class="edge-label">connected-to</text>');
    expect(html).not.toContain('The graph has');
  });

  it('lists the timeline, duplicates marked, and links the evidence to its rows', () => {
    const rows = html.match(/<tr id="entry-\d+"/g) ?? [];
    expect(rows).toHaveLength(4);
    expect(html).toContain(
      '<tr id="entry-2" class="duplicate"><td class="time">2026-11-03T09:00:02.000Z</td>',
    );
    expect(html).toContain('(duplicate)');
    const origin = html.slice(html.indexOf('<h2 id="origin">'), html.indexOf('<h2 id="impact">'));
    expect(origin.match(/<a href="#entry-(\d+)">/g)).toEqual([
      '<a href="#entry-0">',
      '<a href="#entry-1">',
    ]);
    expect(html).toContain('<td class="impact-kind">data-exfiltrated</td>');
    expect(html).toContain('(1048576 bytes)');
    expect(html).toContain('<p class="note">1 record could not be normalised</p>');
  });

  it('caps the timeline rows with a note', () => {
    const capped = renderInvestigationHtml(report, { maxTimelineRows: 2 });
    expect(capped.match(/<tr id="entry-\d+"/g)).toHaveLength(2);
    expect(capped).toContain('2 of 4 timeline entries are not listed');
  });
});

describe('graph layout', () => {
  it('puts parents left of their children under their host, other kinds in columns to the right', () => {
    const layout = layoutGraph(graph, 100);
    const at = new Map(layout.nodes.map((placed) => [placed.node.id, placed]));
    const x = (id: string) => at.get(id)?.x ?? Number.NaN;
    const y = (id: string) => at.get(id)?.y ?? Number.NaN;
    expect(x('process:{A}')).toBeLessThan(x('process:{B}'));
    expect(x('process:{B}')).toBeLessThan(x('process:{C}'));
    // The host heads its lane: above its processes.
    expect(layout.lanes.map((lane) => lane.host?.id)).toEqual(['host:ws-12']);
    for (const id of ['process:{A}', 'process:{B}', 'process:{C}']) {
      expect(y('host:ws-12')).toBeLessThan(y(id));
    }
    expect(x('user:acme\\alice')).toBeGreaterThan(x('process:{C}'));
    expect(x('ip:203.0.113.9')).toBeGreaterThan(x('user:acme\\alice'));
    expect(layout.implicitEdges).toBe(3);
    // No two boxes on the same spot.
    const spots = new Set(layout.nodes.map((placed) => `${placed.x},${placed.y}`));
    expect(spots.size).toBe(layout.nodes.length);
    expect(layout.omittedNodes).toBe(0);
  });

  it('centres a parent on its children and gives each leaf its own row', () => {
    const fan: InvestigationGraph = {
      nodes: ['P', 'C1', 'C2', 'C3'].map((id, index) =>
        node(`process:${id}`, 'process', `${id}.exe`, { firstSeen: T0 + index }),
      ),
      edges: ['C1', 'C2', 'C3'].map((id) => edge('process:P', 'spawned', `process:${id}`)),
    };
    const layout = layoutGraph(fan, 10);
    const y = new Map(layout.nodes.map((placed) => [placed.node.id, placed.y]));
    expect(new Set(['C1', 'C2', 'C3'].map((id) => y.get(`process:${id}`))).size).toBe(3);
    expect(y.get('process:P')).toBe(y.get('process:C2'));
  });

  it('gives each host its lane, stacked in the order hosts were first seen, and a lane for the rest', () => {
    const twoHosts: InvestigationGraph = {
      nodes: [
        node('host:b', 'host', 'B', { firstSeen: T0 + 10 }),
        node('host:a', 'host', 'A'),
        node('process:1', 'process', 'a1.exe'),
        node('process:2', 'process', 'b1.exe', { firstSeen: T0 + 10 }),
        node('process:3', 'process', 'b2.exe', { firstSeen: T0 + 11 }),
        node('domain:x', 'domain', 'x.example'),
      ],
      edges: [
        edge('process:1', 'executed-on', 'host:a'),
        edge('process:2', 'executed-on', 'host:b'),
        // spawned across hosts (a remote launch as an EDR may report it): no tree edge in the lane
        edge('process:1', 'spawned', 'process:3'),
        edge('process:3', 'executed-on', 'host:b'),
      ],
    };
    const layout = layoutGraph(twoHosts, 10);
    expect(layout.lanes.map((lane) => lane.host?.id ?? null)).toEqual(['host:a', 'host:b', null]);
    const [laneA, laneB, rest] = layout.lanes;
    const at = new Map(layout.nodes.map((placed) => [placed.node.id, placed]));
    const inLane = (id: string, lane: typeof laneA) =>
      (at.get(id)?.y ?? -1) >= (lane?.y ?? 0) &&
      (at.get(id)?.y ?? -1) < (lane?.y ?? 0) + (lane?.height ?? 0);
    expect(inLane('process:1', laneA)).toBe(true);
    expect(inLane('process:2', laneB)).toBe(true);
    expect(inLane('process:3', laneB)).toBe(true);
    expect(at.get('process:3')?.x).toBe(at.get('process:2')?.x); // a root of its lane
    expect(inLane('domain:x', rest)).toBe(true);
    expect(layout.edges.filter((item) => item.kind === 'spawned')).toHaveLength(1);
    expect((laneA?.y ?? 0) + (laneA?.height ?? 0)).toBeLessThanOrEqual(laneB?.y ?? 0);
  });

  it('survives a spawn cycle and a self-loop', () => {
    const cyclic: InvestigationGraph = {
      nodes: [node('process:X', 'process', 'x.exe'), node('process:Y', 'process', 'y.exe')],
      edges: [
        edge('process:X', 'spawned', 'process:Y', T0),
        edge('process:Y', 'spawned', 'process:X', T0 + 1),
        edge('process:X', 'spawned', 'process:X', T0 + 2),
      ],
    };
    const layout = layoutGraph(cyclic, 10);
    expect(layout.nodes).toHaveLength(2);
    expect(renderInvestigationHtml({ ...report, graph: cyclic })).toContain('data-id="process:Y"');
  });

  it('caps a large graph: whole trees from their roots, hosts kept, a note, full tables', () => {
    const nodes: GraphNode[] = [node('host:h', 'host', 'H')];
    const edges: GraphEdge[] = [];
    for (let index = 0; index < 600; index++) {
      nodes.push(node(`process:${index}`, 'process', `p${index}.exe`, { firstSeen: T0 + index }));
      // 600 processes in chains of 3: 0 → 1 → 2, 3 → 4 → 5, …
      if (index % 3 !== 0) edges.push(edge(`process:${index - 1}`, 'spawned', `process:${index}`));
      edges.push(edge(`process:${index}`, 'executed-on', 'host:h'));
    }
    const big: InvestigationGraph = { nodes, edges };
    const drawn = selectDrawnNodes(big, 250);
    expect(drawn).toHaveLength(250);
    expect(drawn.some((item) => item.id === 'host:h')).toBe(true);
    const drawnIds = new Set(drawn.map((item) => item.id));
    for (const item of drawn) {
      const parent = edges.find(
        (candidate) => candidate.kind === 'spawned' && candidate.to === item.id,
      );
      if (parent !== undefined) expect(drawnIds.has(parent.from)).toBe(true);
    }
    const html = renderInvestigationHtml({ ...report, graph: big });
    expect(html.match(/<g class="node kind-/g)).toHaveLength(250);
    expect(html).toContain('The graph has 601 entities and 1000 relations; 250 entities');
    const entities = html.slice(
      html.indexOf('<h2 id="entities">'),
      html.indexOf('<h2 id="relations">'),
    );
    expect(entities.match(/<tr><td>/g)).toHaveLength(601);
  });
});
