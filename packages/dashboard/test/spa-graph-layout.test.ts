import { describe, expect, it } from 'vitest';
import { stackFindings, trendSeries } from '../spa/chart-data.js';
import { layoutGraph } from '../spa/graph-layout.js';
import { ALL_PANELS, panelsForEvent, reconnectDelay } from '../spa/live-routing.js';

const options = { nodeWidth: 100, nodeHeight: 20, columnGap: 50, rowGap: 10, margin: 5 };

describe('investigation graph layout', () => {
  it('puts nodes in columns by kind, known kinds first, and joins facing sides', () => {
    const layout = layoutGraph(
      {
        nodes: [
          { id: 'p1', kind: 'process', label: 'powershell.exe' },
          { id: 'h1', kind: 'host', label: 'host-7' },
          { id: 'p2', kind: 'process', label: 'cmd.exe' },
          { id: 'x1', kind: 'registry', label: 'Run key' },
          { id: 'h1', kind: 'host', label: 'duplicate' },
        ],
        edges: [
          { from: 'h1', to: 'p2', kind: 'ran' },
          { from: 'x1', to: 'p1', kind: 'written-by' },
          { from: 'p1', to: 'p2', kind: 'spawned' },
          { from: 'h1', to: 'missing', kind: 'ran' },
        ],
      },
      options,
    );
    expect(layout.columns).toEqual(['host', 'process', 'registry']);
    expect(layout.nodes.map((node) => [node.id, node.x, node.y])).toEqual([
      ['p1', 155, 5],
      ['h1', 5, 5],
      ['p2', 155, 35],
      ['x1', 305, 5],
    ]);
    expect(layout.nodes.find((node) => node.id === 'h1')?.label).toBe('host-7');
    expect(layout.edges).toEqual([
      { from: 'h1', to: 'p2', kind: 'ran', x1: 105, y1: 15, x2: 155, y2: 45 },
      { from: 'x1', to: 'p1', kind: 'written-by', x1: 305, y1: 15, x2: 255, y2: 15 },
      { from: 'p1', to: 'p2', kind: 'spawned', x1: 205, y1: 15, x2: 205, y2: 45 },
    ]);
    expect(layout.width).toBe(5 * 2 + 3 * 100 + 2 * 50);
    expect(layout.height).toBe(5 * 2 + 2 * 20 + 10);
  });

  it('gives an empty graph an empty drawing', () => {
    expect(layoutGraph({ nodes: [], edges: [] }, options)).toEqual({
      width: 10,
      height: 10,
      columns: [],
      nodes: [],
      edges: [],
    });
  });
});

describe('chart data', () => {
  it('stacks findings per hour, largest key first, folding the tail into other', () => {
    const hour = 3_600_000;
    const series = stackFindings(
      [
        { hour: 2 * hour, total: 3, bySource: { sigma: 2, edr: 1 }, byTactic: {} },
        { hour: hour, total: 4, bySource: { sigma: 1, edr: 1, waf: 1, dns: 1 }, byTactic: {} },
      ],
      'source',
      3,
    );
    expect(series.x).toEqual([3600, 7200]);
    expect(series.keys).toEqual(['sigma', 'edr', 'other']);
    expect(series.raw).toEqual([
      [1, 2],
      [1, 1],
      [2, 0],
    ]);
    expect(series.stacked).toEqual([
      [1, 2],
      [2, 3],
      [4, 3],
    ]);
    expect(stackFindings([], 'tactic')).toEqual({ x: [], keys: [], raw: [], stacked: [] });
  });

  it('orders trend days and converts mean times to minutes, keeping gaps', () => {
    const day = 86_400_000;
    const trends = trendSeries([
      { day: 2 * day, cases: 1, mttdMs: 120_000, mttaMs: null, mttcMs: 60_000, mttrMs: 600_000 },
      { day, cases: 0, mttdMs: null, mttaMs: null, mttcMs: null, mttrMs: null },
    ]);
    expect(trends).toEqual({
      x: [86_400, 172_800],
      mttd: [null, 2],
      mtta: [null, null],
      mttc: [null, 1],
      mttr: [null, 10],
    });
  });
});

describe('live routing', () => {
  it('maps bus events to the panels they make stale', () => {
    expect(panelsForEvent('finding.created')).toEqual(['findings', 'overview']);
    expect(panelsForEvent('incident.created')).toContain('cases');
    expect(panelsForEvent('case.assigned')).toContain('overview');
    expect(panelsForEvent('approval.decided')).toEqual(['approvals', 'overview', 'detail']);
    expect(panelsForEvent('sla.breached')).toContain('sla');
    expect(panelsForEvent('event.accepted')).toContain('connectors');
    expect(panelsForEvent('action.completed')).toContain('runs');
    expect(panelsForEvent('overflow')).toEqual(ALL_PANELS);
    expect(panelsForEvent('something.else')).toEqual([]);
  });

  it('backs off exponentially to 30 s, jittered by ±20 %', () => {
    expect(reconnectDelay(0, 0.5)).toBe(1000);
    expect(reconnectDelay(3, 0.5)).toBe(8000);
    expect(reconnectDelay(50, 0.5)).toBe(30_000);
    expect(reconnectDelay(0, 0)).toBe(800);
    expect(reconnectDelay(0, 1)).toBe(1200);
  });
});
