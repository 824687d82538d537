// Test helpers of @openmdr/hunting: rules, a converter stand-in, and an in-memory runner that
// evaluates a hunt's rules with the streaming Sigma engine (the reference semantics).
import {
  compileSigmaRules,
  parseSigmaYaml,
  SigmaConversionError,
  type SigmaQueryTarget,
  type SigmaRule,
} from '@openmdr/detections';
import type { Hunt, HuntHit, HuntRunner } from './hunt.js';
import type { SigmaRuleConverter } from './plan.js';
import { huntHit } from './run-hunt.js';

/** Parses one Sigma rule from YAML. */
export function sigmaRule(yaml: string): SigmaRule {
  const [document] = parseSigmaYaml(yaml).documents;
  if (document?.kind !== 'rule') throw new Error('not a rule');
  return document;
}

/** A SigmaHQ-style rule with an author (DRL 1.1). */
export const RUNDLL_RULE = sigmaRule(`
title: Rundll32 Execution
id: 5f1b2c3d-0000-4000-8000-000000000001
status: test
description: rundll32 started
author: Florian Roth (Nextron Systems)
references:
  - https://example.org/rundll32
tags:
  - attack.defense-evasion
  - attack.t1218.011
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    Image|endswith: '\\rundll32.exe'
  condition: selection
level: high
`);

/** A rule no target can express in these tests. */
export const UNSUPPORTED_RULE = sigmaRule(`
title: Unsupported Construct
id: 5f1b2c3d-0000-4000-8000-000000000002
author: Someone
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    CommandLine|re: '(?<=x)y'
  condition: selection
level: medium
`);

/**
 * A converter stand-in (the real backends are built elsewhere): the queries of `queries` by
 * rule id; any other rule fails as the backends do, with a `SigmaConversionError`.
 */
export function fakeConverter(queries: Readonly<Record<string, string>>): SigmaRuleConverter {
  return (rule, target) => {
    const id = rule.id ?? rule.title;
    const query = queries[id];
    if (query === undefined) {
      throw new SigmaConversionError('SIGMA_CONVERSION_UNSUPPORTED', {
        ruleId: id,
        title: rule.title,
        target,
        construct: 'CommandLine|re',
        reason: 'lookbehind is not supported by the target',
      });
    }
    return { ruleId: id, title: rule.title, target, query };
  };
}

/**
 * A runner over events in memory: each rule of the hunt matched by the Sigma engine against the
 * events in the hunt's range (event `time`, epoch ms), as if the target ran its query.
 */
export function memoryRunner(
  events: readonly Record<string, unknown>[],
  target: SigmaQueryTarget = 'duckdb',
  now = 0,
): HuntRunner & { readonly hunts: Hunt[] } {
  const hunts: Hunt[] = [];
  return {
    targets: [target],
    hunts,
    run: (hunt) => {
      hunts.push(hunt);
      const engine = compileSigmaRules(hunt.rules ?? []);
      const hits: HuntHit[] = [];
      for (const event of events) {
        const time = Number(event['time']);
        if (time < hunt.range.from || time >= hunt.range.to) continue;
        for (const rule of engine.rules) {
          const matched = compileSigmaRules([rule]).match(event, { logsource: rule.logsource });
          if (matched.length === 0) continue;
          hits.push(
            huntHit(
              {
                rule_id: rule.id ?? rule.title,
                title: rule.title,
                level: rule.level,
                author: rule.author,
                query: `sigma:${rule.id ?? rule.title}`,
                rule,
              },
              event,
              now,
            ),
          );
        }
      }
      return Promise.resolve(hits);
    },
  };
}

/** The value at a path of nested objects and arrays (`at(finding, 'unmapped', 'hunt_id')`). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
