import { describe, expect, it } from 'vitest';
import { buildInvestigationGraph, entitiesOf } from '../src/index.js';
import { loadSample, sampleNames } from './evtx-samples.test-helpers.js';
import { connectorFixture } from './ocsf-sources.test-helpers.js';

/** The unspecified address names no peer, so the graph leaves it out. */
const UNSPECIFIED = /^ip:(0\.0\.0\.0|[0:]+)$/;

function dangling(events: Record<string, unknown>[]): string[] {
  const ids = new Set(buildInvestigationGraph(events).nodes.map((node) => node.id));
  const missing = new Set<string>();
  for (const event of events) {
    for (const id of entitiesOf(event)) if (!ids.has(id) && !UNSPECIFIED.test(id)) missing.add(id);
  }
  return [...missing];
}

describe('timeline entities are graph nodes (one id scheme)', () => {
  it('on every committed EVTX-ATTACK-SAMPLES excerpt', () => {
    const events = sampleNames().flatMap((name) => loadSample(name).events);
    expect(dangling(events)).toEqual([]);
  });

  it.each([
    ['defender', 'hunting-records.ocsf.json'],
    ['cloudtrail', 'management-events.ocsf.json'],
    ['okta', 'logs.ocsf.json'],
    ['zeek', 'http.ocsf.json'],
    ['sentinelone', 'threats.ocsf.json'],
    ['guardduty', 'findings.ocsf.json'],
  ])('on %s %s', (connector, file) => {
    expect(dangling(connectorFixture(connector, file))).toEqual([]);
  });
});
