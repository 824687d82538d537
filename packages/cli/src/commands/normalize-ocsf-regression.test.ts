import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateOcsfEvent } from '@openmdr/core';
import { compileSigmaRules, loadSigmaRules, ocsfFieldGetter } from '@openmdr/detections';
import { describe, expect, it } from 'vitest';
import { windowsNormalizeSource } from './normalize.js';

/**
 * The OCSF regression check of issue 4: every case of `regression-dev/cases.jsonl`, its
 * Windows records normalised to OCSF by `openmdr normalize --source windows`, must match its
 * rule through the engine's OCSF field mapping in at least 95% of the cases.
 */
const sigmaDirectory = join(
  process.env.OPENMDR_SHARED_DIR ??
    fileURLToPath(new URL('../../../../../shared', import.meta.url)),
  'sigma',
);
const regressionDirectory = join(sigmaDirectory, 'regression-dev');
const available = existsSync(join(regressionDirectory, 'cases.jsonl'));

interface RegressionCase {
  rule_id: string;
  rule_path: string;
  expected: { min_match_count: number };
  events_file: string;
}

describe.skipIf(!available)('regression-dev through the Windows normaliser and OCSF input', () => {
  it('matches at least 95% of the cases, every event strictly valid OCSF', async () => {
    const cases = readFileSync(join(regressionDirectory, 'cases.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RegressionCase);
    const loaded = await loadSigmaRules(
      cases.map((regressionCase) => join(sigmaDirectory, 'sigmahq', regressionCase.rule_path)),
      { skipStatuses: [] },
    );
    const engine = compileSigmaRules(loaded.rules);
    const misses: string[] = [];
    for (const regressionCase of cases) {
      const events = readFileSync(join(regressionDirectory, regressionCase.events_file), 'utf8')
        .trim()
        .split('\n')
        .map((line) =>
          windowsNormalizeSource.normalize(JSON.parse(line), { includeRawData: false }),
        );
      for (const event of events) {
        expect(validateOcsfEvent(event, { mode: 'strict' }).errors).toEqual([]);
      }
      const matched = events.filter((event) =>
        engine
          .match(event, { input: 'ocsf' })
          .some((match) => match.ruleId === regressionCase.rule_id),
      ).length;
      if (matched < regressionCase.expected.min_match_count) misses.push(regressionCase.rule_path);
    }
    const rate = (cases.length - misses.length) / cases.length;
    // Every case matches today; the bar is 95%. The message lists any miss.
    expect(
      rate,
      `${(rate * 100).toFixed(1)}% matched; misses: ${misses.join(', ')}`,
    ).toBeGreaterThanOrEqual(0.95);
  });
});

/**
 * Values the OCSF event does not carry: the `System` block beyond EventID/Channel/Provider/
 * Computer/EventRecordID, and Sysmon's textual times (OCSF keeps them as epoch milliseconds).
 */
const notCarried = new Set([
  'Correlation',
  'Correlation_ActivityID',
  'Execution_ProcessID',
  'Execution_ThreadID',
  'Keywords',
  'Level',
  'Opcode',
  'Provider_Guid',
  'Security',
  'Security_UserID',
  'Task',
  'TimeCreated_SystemTime',
  'Version',
  'UtcTime',
  'CreationUtcTime',
  'RuleName',
]);

describe.skipIf(!available)(
  'regression-dev: Sigma fields read from OCSF equal the flat events',
  () => {
    it('gives every EventData field of every record the same value through the OCSF mapping', () => {
      const differences: string[] = [];
      let compared = 0;
      for (const file of readdirSync(join(regressionDirectory, 'events')).sort()) {
        const records = readFileSync(join(regressionDirectory, 'events', file), 'utf8')
          .trim()
          .split('\n');
        const flat = readFileSync(join(regressionDirectory, 'events_flat', file), 'utf8')
          .trim()
          .split('\n');
        records.forEach((line, index) => {
          const event = windowsNormalizeSource.normalize(JSON.parse(line), {
            includeRawData: false,
          });
          const expected = JSON.parse(flat[index] as string) as Record<string, unknown>;
          for (const [field, value] of Object.entries(expected)) {
            if (notCarried.has(field)) continue;
            compared++;
            const actual = ocsfFieldGetter(field)(event);
            if (String(actual) !== String(value)) {
              differences.push(
                `${file}:${index + 1} ${field}: ${JSON.stringify(value)} ≠ ${JSON.stringify(actual)}`,
              );
            }
          }
        });
      }
      expect(compared).toBeGreaterThan(1500);
      expect(differences).toEqual([]);
    });
  },
);
