import { describe, expect, it } from 'vitest';
import { HuntError } from './errors.js';
import type { Hunt } from './hunt.js';
import { fakeConverter, RUNDLL_RULE, UNSUPPORTED_RULE } from './hunting.test-helpers.js';
import { planHunt, validateHunt } from './plan.js';

const base = {
  id: 'hunt-1',
  tenant: 'acme',
  name: 'rundll32',
  target: 'splunk',
  range: { from: 1_000, to: 2_000 },
} as const;

describe('planHunt', () => {
  it('runs a raw query as is, under the hunt name and a default rule id', () => {
    const plan = planHunt({ ...base, query: { query: 'index=main x=1', author: 'analyst' } });
    expect(plan).toEqual({
      queries: [
        {
          rule_id: 'hunt-1:query',
          title: 'rundll32',
          level: 'medium',
          author: 'analyst',
          query: 'index=main x=1',
        },
      ],
      failures: [],
    });
  });

  it('converts each rule and reports the rules it cannot convert, with code, construct and reason', () => {
    const convert = fakeConverter({
      [RUNDLL_RULE.id ?? '']: 'index=main Image="*\\\\rundll32.exe"',
    });
    const plan = planHunt({ ...base, rules: [RUNDLL_RULE, UNSUPPORTED_RULE] }, { convert });
    expect(plan.queries).toHaveLength(1);
    expect(plan.queries[0]).toMatchObject({
      rule_id: RUNDLL_RULE.id,
      title: 'Rundll32 Execution',
      level: 'high',
      author: 'Florian Roth (Nextron Systems)',
      rule: RUNDLL_RULE,
    });
    expect(plan.failures).toEqual([
      {
        rule_id: UNSUPPORTED_RULE.id,
        title: 'Unsupported Construct',
        stage: 'conversion',
        code: 'SIGMA_CONVERSION_UNSUPPORTED',
        reason: 'lookbehind is not supported by the target',
        construct: 'CommandLine|re',
      },
    ]);
  });

  it('carries the source of the rule’s logsource mapping (the index a Lucene query runs on)', () => {
    const plan = planHunt(
      { ...base, target: 'lucene', rules: [RUNDLL_RULE] },
      {
        convert: (rule, target) => ({
          ruleId: rule.id ?? '',
          title: rule.title,
          target,
          query: 'Image:*rundll32.exe',
          logsource: { category: 'process_creation', source: 'logs-endpoint.events.process-*' },
        }),
      },
    );
    expect(plan.queries[0]?.source).toBe('logs-endpoint.events.process-*');
  });

  it('reports every rule when the target has no backend instead of throwing', () => {
    const convert = () => {
      throw new TypeError("unknown Sigma query target 'splunk'");
    };
    const plan = planHunt({ ...base, rules: [RUNDLL_RULE] }, { convert });
    expect(plan.failures.map((failure) => failure.code)).toEqual(['HUNT_TARGET_UNSUPPORTED']);
  });

  it('passes the mapping overrides merged over the target mapping, and the placeholders', () => {
    const seen: unknown[] = [];
    const hunt: Hunt = {
      ...base,
      rules: [RUNDLL_RULE],
      placeholders: { admins: ['root'] },
    };
    planHunt(hunt, {
      convert: (rule, target, options) => {
        seen.push(options);
        return { ruleId: rule.id ?? '', title: rule.title, target, query: 'q' };
      },
    });
    expect(seen).toEqual([{ placeholders: { admins: ['root'] } }]);
  });

  it('refuses a malformed hunt', () => {
    expect(() => validateHunt({ ...base })).toThrow(HuntError);
    expect(() => validateHunt({ ...base, rules: [RUNDLL_RULE], query: { query: 'x' } })).toThrow(
      /either rules or a raw query/,
    );
    expect(() => validateHunt({ ...base, query: { query: ' ' } })).toThrow(/blank/);
    expect(() =>
      validateHunt({ ...base, query: { query: 'x' }, range: { from: 5, to: 5 } }),
    ).toThrow(/from < to/);
  });
});
