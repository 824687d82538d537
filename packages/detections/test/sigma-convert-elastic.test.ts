import { beforeAll, describe, expect, it } from 'vitest';
import {
  convertSigmaRules,
  type LoadedSigmaRules,
  loadSigmaRules,
  type SigmaRule,
} from '../src/index.js';
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
      console.log(
        [
          `${target}: ${rules.length} active Windows rules; converted ${report.queries.length} (${(rate * 100).toFixed(2)}%), failed ${report.failures.length}`,
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
});
