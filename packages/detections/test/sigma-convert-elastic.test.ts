import { beforeAll, describe, expect, it } from 'vitest';
import {
  convertSigmaRules,
  type LoadedSigmaRules,
  loadSigmaRules,
  type SigmaRule,
} from '../src/index.js';
import { LuceneRegexError } from '../src/sigma/convert/backends/lucene-regex.js';
import { disagreements, sampleStrings } from '../src/sigma/convert/backends/lucene-regex-oracle.js';
import { analyseItem } from '../src/sigma/item-semantics.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from './shared-dir.js';

/**
 * The SigmaHQ corpus through the Elastic backends: every active `product: windows` rule (the
 * active folders, status neither deprecated nor unsupported) converts to ES|QL and to a Lucene
 * query string with the default ECS mapping, ≥ 99% each, with no `expand` placeholder values
 * given (the rules that need one fail as unresolved). The test prints the rate and every failure
 * with its reason, then the reasons counted.
 */
describe.skipIf(!HAS_SIGMA_CORPUS)('SigmaHQ Windows rules → ES|QL and Lucene', () => {
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

  for (const target of ['esql', 'lucene'] as const) {
    it(`converts ≥ 99% of the active Windows rules to ${target}`, () => {
      const report = convertSigmaRules(rules, target);
      const rate = report.queries.length / rules.length;
      const reasons = new Map<string, number>();
      for (const failure of report.failures) {
        const reason = failure.problem.reason
          .replace(/'[^']*'/g, "'…'")
          .replace(/^(ES\|QL RLIKE|Lucene regexp): /, '');
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      const placeholders = report.failures.filter((failure) =>
        /^placeholder %[^%]+% has no configured value/.test(failure.problem.reason),
      ).length;
      const withValues = report.queries.length / (rules.length - placeholders);
      console.log(
        [
          `${target}: ${rules.length} active Windows rules; converted ${report.queries.length} (${(rate * 100).toFixed(2)}%), failed ${report.failures.length}, of which ${placeholders} need a placeholder value; without those: ${(withValues * 100).toFixed(2)}%`,
          ...report.failures.map(
            (failure) =>
              `  failed ${where(failure.problem.file)}: ${failure.problem.construct}: ${failure.problem.reason}`,
          ),
          '  reasons:',
          ...[...reasons]
            .sort((a, b) => b[1] - a[1])
            .map(([reason, count]) => `    ${count} × ${reason}`),
        ].join('\n'),
      );
      expect(rules.length).toBeGreaterThan(2500);
      expect(rate).toBeGreaterThanOrEqual(0.99);
      // Failures are what the target cannot express, or an `expand` placeholder this test gives
      // no value (rules-placeholder/); never a broken rule or a logsource without a source.
      expect(
        report.failures
          .filter(
            (failure) =>
              failure.code !== 'SIGMA_CONVERSION_UNSUPPORTED' &&
              !/^placeholder %[^%]+% has no configured value/.test(failure.problem.reason),
          )
          .map((failure) => failure.message),
      ).toEqual([]);
    });
  }

  it('translates every regular expression of those rules exactly (or refuses it)', () => {
    let checked = 0;
    let refused = 0;
    const wrong: string[] = [];
    for (const rule of rules) {
      for (const search of rule.detection.searches.values()) {
        const maps = search.kind === 'maps' ? search.maps : [search.items];
        for (const item of maps.flat()) {
          if (!item.modifiers.includes('re')) continue;
          const meaning = analyseItem(item, {
            placeholders: {},
            unresolvedPlaceholders: 'wildcard',
          });
          if (meaning.kind !== 'regex') continue;
          for (const source of meaning.sources) {
            for (const fold of ['both', 'lower'] as const) {
              try {
                const samples = sampleStrings(source, 300, checked + 1);
                const bad = disagreements(source, meaning.flags, fold, samples);
                if (bad.length > 0)
                  wrong.push(
                    `${where(rule.source.file)} ${source} ${fold}: ${JSON.stringify(bad[0])}`,
                  );
                checked++;
              } catch (error) {
                if (!(error instanceof LuceneRegexError)) throw error;
                refused++;
              }
            }
          }
        }
      }
    }
    console.log(
      `regular expressions: ${checked} translations compared on generated strings, ${refused} refused`,
    );
    expect(checked).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});
