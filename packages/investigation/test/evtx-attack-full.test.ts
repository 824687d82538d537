import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessInvestigation, createGraphBuilder } from '../src/index.js';
import { checkInvariants, normaliseLines } from './evtx-samples.test-helpers.js';

/** The full EVTX-ATTACK-SAMPLES conversion (8,255 records); not in git, so the test skips without it. */
const FULL = process.env.OPENMDR_EVTX_ATTACK ?? '/tmp/evtx/evtx-attack.jsonl';
const present = existsSync(FULL);
if (!present) console.warn(`skipping the full EVTX-ATTACK-SAMPLES test: ${FULL} is absent`);

describe.skipIf(!present)(`investigation over every record of ${FULL}`, () => {
  it('links every Sysmon process creation to its parent and puts every Computer in scope', () => {
    const { records, events } = normaliseLines(readFileSync(FULL, 'utf8'));
    expect(records.length).toBeGreaterThan(1000);
    const builder = createGraphBuilder();
    for (const event of events) builder.add(event);
    const graph = builder.graph();
    const assessment = assessInvestigation({ events, graph });
    const report = checkInvariants(records, graph, assessment.scope.hosts);
    expect(report.processCreations).toBeGreaterThan(1000);
    expect(report.missingSpawned).toEqual([]);
    expect(report.wrongUid).toEqual([]);
    expect(report.missingHosts).toEqual([]);
    expect(new Set(assessment.scope.hosts).size).toBe(assessment.scope.hosts.length);
    const kinds = new Set(assessment.impact.map((marker) => marker.kind));
    for (const kind of [
      'credential-access',
      'persistence',
      'defense-evasion',
      'lateral-movement',
      'destruction',
    ]) {
      expect(kinds.has(kind as never)).toBe(true);
    }
    expect(assessment.origin).not.toBeNull();
  });
});
