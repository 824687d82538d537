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
