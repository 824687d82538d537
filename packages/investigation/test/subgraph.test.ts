import { describe, expect, it } from 'vitest';
import { buildInvestigationGraph, InvestigationError, selectSubgraph } from '../src/index.js';
import { loadSample } from './evtx-samples.test-helpers.js';

const { events } = loadSample(
  'AutomatedTestingTools_Malware_sideloading_uacbypass_rundll32_injection_c2',
);
const graph = buildInvestigationGraph(events);
const word = '{747F3D96-D8E5-5F8A-0000-0010E1BC7200}';

describe('selectSubgraph', () => {
  it('takes a process seed by uid and keeps its neighbours at depth 1, edges with their direction', () => {
    const sub = selectSubgraph(
      graph,
      { kind: 'process', value: word },
      { depth: 1, maxNodes: 100 },
    );
    expect(sub.seeds).toEqual([`process:${word}`]);
    const neighbours = new Set<string>();
    for (const edge of graph.edges) {
      if (edge.from === `process:${word}`) neighbours.add(edge.to);
      if (edge.to === `process:${word}`) neighbours.add(edge.from);
    }
    expect(new Set(sub.nodes.map((node) => node.id))).toEqual(
      new Set([`process:${word}`, ...neighbours]),
    );
    expect(
      sub.edges.some((edge) => edge.from === `process:${word}` && edge.kind === 'spawned'),
    ).toBe(true);
    expect(
      sub.edges.every((edge) =>
        graph.edges.some((original) => original.id === edge.id && original.from === edge.from),
      ),
    ).toBe(true);
    expect(sub.notes).toEqual([]);
  });

  it('depth 0 is the seed alone; deeper reaches more', () => {
    expect(
      selectSubgraph(graph, `process:${word}`, { depth: 0 }).nodes.map((node) => node.id),
    ).toEqual([`process:${word}`]);
    const one = selectSubgraph(graph, word, { depth: 1 }).nodes.length;
    const three = selectSubgraph(graph, word, { depth: 3 }).nodes.length;
    expect(three).toBeGreaterThan(one);
  });

  it('reads a plain string as a node id, process uid, host, user, IP or finding', () => {
    expect(selectSubgraph(graph, 'MSEDGEWIN10', { depth: 0 }).seeds).toEqual(['host:msedgewin10']);
    expect(
      selectSubgraph(graph, { kind: 'host', value: 'msedgewin10' }, { depth: 0 }).seeds,
    ).toEqual(['host:msedgewin10']);
    const user = graph.nodes.find((node) => node.kind === 'user');
    const short = user?.name?.split('\\').pop() ?? '';
    expect(selectSubgraph(graph, { kind: 'user', value: short }, { depth: 0 }).seeds).toContain(
      user?.id,
    );
  });

  it('stops at maxNodes, nearest first, and says so', () => {
    const sub = selectSubgraph(graph, 'host:msedgewin10', { depth: 5, maxNodes: 4 });
    expect(sub.nodes).toHaveLength(4);
    expect(sub.nodes.map((node) => node.id)).toContain('host:msedgewin10');
    expect(sub.notes.join(' ')).toMatch(/maxNodes/);
  });

  it('answers an unknown seed with an empty graph and a note', () => {
    const sub = selectSubgraph(graph, { kind: 'ip', value: '203.0.113.9' });
    expect(sub).toMatchObject({ nodes: [], edges: [], seeds: [] });
    expect(sub.notes[0]).toContain('203.0.113.9');
  });

  it.each([
    [{ kind: 'node', value: 'host:msedgewin10' }, { depth: -1 }],
    [{ kind: 'node', value: 'host:msedgewin10' }, { depth: 1.5 }],
    [{ kind: 'node', value: 'host:msedgewin10' }, { maxNodes: 0 }],
    [{ kind: 'planet', value: 'mars' }, {}],
    [{ kind: 'host', value: '  ' }, {}],
  ])('rejects %j with %j', (seed, options) => {
    expect(() => selectSubgraph(graph, seed as never, options)).toThrow(InvestigationError);
    try {
      selectSubgraph(graph, seed as never, options);
    } catch (error) {
      expect((error as InvestigationError).code).toBe('INVESTIGATION_INVALID');
    }
  });
});

describe('an untracked parent (Sysmon all-zero ParentProcessGuid)', () => {
  const zero = '{00000000-0000-0000-0000-000000000000}';
  const launch = (host: string, uid: string, pid: number) => ({
    class_uid: 1007,
    activity_id: 1,
    time: 1_700_000_000_000 + pid,
    metadata: { uid: `${host}-${pid}`, log_name: 'Microsoft-Windows-Sysmon/Operational' },
    device: { hostname: host },
    process: {
      uid,
      pid,
      file: { path: 'C:\\Windows\\System32\\svchost.exe' },
      parent_process: { uid: zero, pid: 600 },
    },
  });
  const graph = buildInvestigationGraph([launch('HOST-A', '{A}', 1), launch('HOST-B', '{B}', 2)]);

  it('keeps each child linked to one node of that uid, tied to no host', () => {
    const unknown = graph.nodes.find((node) => node.uid === zero);
    expect(unknown?.attributes['unknown']).toBe(true);
    const spawned = graph.edges.filter((edge) => edge.kind === 'spawned');
    expect(spawned.map((edge) => [edge.from, edge.to])).toEqual([
      [unknown?.id, 'process:{A}'],
      [unknown?.id, 'process:{B}'],
    ]);
    expect(graph.edges.some((edge) => edge.from === unknown?.id)).toBe(true);
    expect(
      graph.edges.filter((edge) => edge.from === unknown?.id && edge.kind !== 'spawned'),
    ).toEqual([]);
  });

  it('is not walked through from a seed on one host', () => {
    const sub = selectSubgraph(graph, '{A}', { depth: 4 });
    const ids = sub.nodes.map((node) => node.id);
    expect(ids).toContain('process:{A}');
    expect(ids).toContain(`process:${zero}`);
    expect(ids).not.toContain('process:{B}');
    expect(ids).not.toContain('host:host-b');
  });
});
