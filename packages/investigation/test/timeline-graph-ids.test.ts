import { describe, expect, it } from 'vitest';
import { buildInvestigationGraph, buildTimeline } from '../src/index.js';
import { falconItems, windowsItems } from './real-records.js';

describe('timeline entities and graph nodes', () => {
  it('name the same entities by the same ids', () => {
    const events = [...windowsItems(), ...falconItems()].filter(
      (item): item is Record<string, unknown> =>
        typeof (item as Record<string, unknown>)['class_uid'] === 'number',
    );
    const nodes = new Set(buildInvestigationGraph(events).nodes.map((node) => node.id));
    const entities = new Set(buildTimeline(events).flatMap((entry) => entry.entities));
    const missing = [...entities].filter((id) => !nodes.has(id));
    // Hosts, processes and users always meet (a host known by device uid only is named as the
    // graph names it); a few peripheral entities the graph does not make nodes of (a DNS
    // server's address, an injected module) may be entry-only.
    expect(missing.filter((id) => /^(host|process|user):/.test(id))).toEqual([]);
    expect(missing.length).toBeLessThanOrEqual(entities.size * 0.02);
    expect(entities.size).toBeGreaterThan(100);
  });
});
