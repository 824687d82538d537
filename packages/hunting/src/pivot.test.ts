import { ManualClock, openMemoryStore } from '@openmdr/core';
import { emptyTriageState, resolveScoringConfig, resolveTriageConfig } from '@openmdr/detections';
import { CaseService } from '@openmdr/response';
import { describe, expect, it } from 'vitest';
import { HuntError } from './errors.js';
import type { Hunt, HuntHit, HuntResult } from './hunt.js';
import { huntHitToFinding } from './hunt-finding.js';
import { at, RUNDLL_RULE } from './hunting.test-helpers.js';
import { pivotToCase } from './pivot.js';

const hunt: Hunt = {
  id: 'hunt-42',
  tenant: 'acme',
  name: 'rundll32 sweep',
  rules: [RUNDLL_RULE],
  target: 'splunk',
  range: { from: 0, to: 10_000_000 },
};
const QUERY = 'index=main Image="*\\\\rundll32.exe"';

const hit = (n: number): HuntHit => ({
  event: {
    _bkt: 'main~1',
    _cd: `1:${n}`,
    Image: 'C:\\Windows\\System32\\rundll32.exe',
    host: `ws-${n}`,
  },
  rule_id: RUNDLL_RULE.id ?? '',
  title: RUNDLL_RULE.title,
  level: 'high',
  author: RUNDLL_RULE.author,
  query: QUERY,
  observedAt: 1_000_000 + n,
  eventId: `splunk:main~1:1:${n}`,
});

const resultOf = (hits: HuntHit[], startedAt = 5_000_000): HuntResult => ({
  hunt,
  queries: [
    {
      rule_id: RUNDLL_RULE.id ?? '',
      title: RUNDLL_RULE.title,
      level: 'high',
      author: RUNDLL_RULE.author,
      query: QUERY,
      rule: RUNDLL_RULE,
    },
  ],
  hits,
  failures: [],
  hitsByRule: { [RUNDLL_RULE.id ?? '']: hits.length },
  startedAt,
  finishedAt: startedAt + 10,
});

function setup() {
  const clock = new ManualClock(6_000_000);
  const store = openMemoryStore({ clock });
  let id = 0;
  const cases = new CaseService({ store, clock, createId: () => `id-${++id}` }).forTenant('acme');
  return { clock, store, cases };
}

describe('hunt findings', () => {
  it('builds the Detection Finding of a Sigma match, with the rule author (DRL 1.1), hunt id and query', () => {
    const finding = huntHitToFinding(hunt, hit(1));
    expect(at(finding, 'class_uid')).toBe(2004);
    expect(at(finding, 'severity_id')).toBe(4);
    expect(at(finding, 'time')).toBe(1_000_001);
    expect(at(finding, 'finding_info')).toMatchObject({
      title: 'Rundll32 Execution',
      types: ['Sigma', 'Hunt'],
      analytic: { uid: RUNDLL_RULE.id },
      related_events: [{ uid: 'splunk:main~1:1:1' }],
    });
    expect(JSON.stringify(at(finding, 'finding_info', 'attacks'))).toContain('T1218.011');
    expect(at(finding, 'evidences', 0, 'data', 'fields')).toEqual({
      Image: 'C:\\Windows\\System32\\rundll32.exe',
    });
    expect(at(finding, 'unmapped')).toMatchObject({
      rule_author: 'Florian Roth (Nextron Systems)',
      rule_license: 'DRL-1.1',
      hunt_id: 'hunt-42',
      hunt_name: 'rundll32 sweep',
      hunt_target: 'splunk',
      hunt_query: QUERY,
      hunt_event_id: 'splunk:main~1:1:1',
    });
    // stable: the same hit gives the same finding uid
    expect(at(huntHitToFinding(hunt, hit(1)), 'finding_info', 'uid')).toBe(
      at(finding, 'finding_info', 'uid'),
    );
  });

  it('gives a raw query’s hits no rule licence', () => {
    const raw: Hunt = { ...hunt, rules: undefined, query: { query: QUERY, author: 'analyst' } };
    const finding = huntHitToFinding(raw, { ...hit(1), rule_id: 'hunt-42:query' });
    expect(at(finding, 'unmapped', 'rule_license')).toBeUndefined();
    expect(at(finding, 'unmapped', 'rule_author')).toBe('Florian Roth (Nextron Systems)');
  });
});

describe('pivotToCase', () => {
  it('opens a case from the hits, attaches every finding and records the hunt on the timeline', async () => {
    const { cases } = setup();
    const pivot = await pivotToCase(resultOf([hit(1), hit(2)]), { cases, by: 'alice' });
    expect(pivot.created).toBe(true);
    expect(pivot.case?.findingIds).toHaveLength(2);
    expect(pivot.case?.techniques).toContain('T1218.011');
    const timeline = await cases.timeline(pivot.case?.id ?? '');
    const recorded = timeline.find((entry) => entry.event.type === 'hunt');
    expect(recorded?.event).toMatchObject({
      type: 'hunt',
      huntId: 'hunt-42',
      hits: 2,
      by: 'alice',
      detail: {
        startedAt: 5000000,
        findingsAttached: 2,
        queries: [{ ruleId: RUNDLL_RULE.id, query: QUERY }],
      },
    });
  });

  it('joins the open case that holds the hunt’s findings when pivoted again, or the case named', async () => {
    const { cases } = setup();
    const first = await pivotToCase(resultOf([hit(1)]), { cases });
    const again = await pivotToCase(resultOf([hit(1), hit(3)], 5_500_000), { cases });
    expect(again.created).toBe(false);
    expect(again.case?.id).toBe(first.case?.id);
    expect(again.case?.findingIds).toHaveLength(2);
    const other = await cases.create({ title: 'Investigation' });
    const named = await pivotToCase(resultOf([]), { cases, caseId: other.id });
    expect(named.case?.id).toBe(other.id);
    const timeline = await cases.timeline(other.id);
    expect(timeline.at(-1)?.event).toMatchObject({ type: 'hunt', hits: 0 });
    expect((await cases.list()).length).toBe(2);
  });

  it('opens no case when nothing passes, and goes through triage when asked', async () => {
    const { cases } = setup();
    const none = await pivotToCase(resultOf([]), { cases });
    expect(none).toMatchObject({ case: undefined, created: false });
    const triaged = await pivotToCase(resultOf([hit(1), hit(1)]), {
      cases,
      triage: {
        state: emptyTriageState(),
        options: {
          scoring: resolveScoringConfig(),
          triage: resolveTriageConfig(),
          now: 6_000_000,
        },
      },
    });
    expect(triaged.findings).toHaveLength(2);
    // the same record twice: triage folds the duplicate, one finding reaches the case
    expect(triaged.attached).toHaveLength(1);
    expect(triaged.triage?.duplicates).toHaveLength(1);
    expect(triaged.case?.findingIds).toHaveLength(1);
  });

  it('refuses another tenant’s cases', async () => {
    const { store } = setup();
    const cases = new CaseService({ store }).forTenant('globex');
    await expect(pivotToCase(resultOf([hit(1)]), { cases })).rejects.toBeInstanceOf(HuntError);
  });
});
