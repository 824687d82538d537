import { beforeAll, describe, expect, it } from 'vitest';
import {
  convertSigmaRules,
  type LoadedSigmaRules,
  loadSigmaRules,
  type SigmaQueryTarget,
  type SigmaRule,
} from '../src/index.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from './shared-dir.js';

/**
 * The SigmaHQ corpus through the Splunk and KQL backends with their default mappings
 * (`splunk-windows`, `sentinel`): every active rule with `product: windows` (status neither
 * deprecated nor unsupported) must convert at ≥ 99% once its `expand` placeholders have values
 * (as a tenant configures them; here each placeholder gets one example value). The test
 * prints the rates with and without placeholder values, and every failure with its reason.
 */
describe.skipIf(!HAS_SIGMA_CORPUS)('SigmaHQ Windows rules → Splunk SPL and KQL', () => {
  let rules: SigmaRule[];
  beforeAll(async () => {
    const loaded: LoadedSigmaRules = await loadSigmaRules(ACTIVE_RULE_FOLDERS);
    rules = loaded.rules.filter(
      (rule) =>
        rule.logsource.product === 'windows' &&
        rule.status !== 'deprecated' &&
        rule.status !== 'unsupported',
    );
  }, 60_000);

  const where = (file: string | undefined) => (file ?? '?').replace(`${SIGMA_DIR}/sigmahq/`, '');

  const percent = (part: number, total: number) => `${((part / total) * 100).toFixed(2)}%`;

  it.each([{ target: 'splunk' as SigmaQueryTarget }, { target: 'kql' as SigmaQueryTarget }])(
    'converts ≥ 99% of the rules for $target',
    ({ target }) => {
      const bare = convertSigmaRules(rules, target);
      const report = convertSigmaRules(rules, target, { placeholders: examplePlaceholders(rules) });
      const total = rules.length;
      const converted = report.queries.length;
      console.log(
        [
          `${target}: SigmaHQ active Windows rules ${total}; without placeholder values converted ${bare.queries.length} (${percent(bare.queries.length, total)}); with them converted ${converted} (${percent(converted, total)}), failed ${report.failures.length}`,
          ...report.failures.map(
            (failure) =>
              `  failed ${where(failure.problem.file)}: ${failure.code} ${failure.problem.construct}: ${failure.problem.reason}`,
          ),
        ].join('\n'),
      );
      expect(total).toBeGreaterThan(2500);
      expect(converted / total).toBeGreaterThanOrEqual(0.99);
    },
  );
});

/** One example value for every `expand` placeholder the rules use. */
function examplePlaceholders(rules: readonly SigmaRule[]): Record<string, string[]> {
  const names = new Set<string>();
  for (const rule of rules) {
    for (const search of rule.detection.searches.values()) {
      const items = search.kind === 'maps' ? search.maps.flat() : search.items;
      for (const item of items) {
        if (!item.modifiers.includes('expand')) continue;
        for (const value of item.values) {
          for (const match of String(value).matchAll(/%([^%]+)%/g)) names.add(match[1] as string);
        }
      }
    }
  }
  return Object.fromEntries([...names].map((name) => [name, [`example-${name.toLowerCase()}`]]));
}
