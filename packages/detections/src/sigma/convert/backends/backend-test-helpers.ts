/**
 * Test helpers of the query backends: a rule from a detection body, converted.
 *
 * @module
 */
import { parseSigmaYaml } from '../../parse.js';
import type { SigmaRule } from '../../types.js';
import { convertSigmaRule } from '../convert.js';
import type { SigmaConvertOptions, SigmaQueryTarget } from '../types.js';

/** A rule with the given detection body (YAML under `detection:`) and logsource. */
export function testRule(
  detection: string,
  logsource = 'product: windows\n  category: process_creation',
): SigmaRule {
  const yaml = `title: Test rule
id: 00000000-0000-4000-8000-000000000001
status: test
logsource:
  ${logsource}
detection:
${detection
  .trim()
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
`;
  const result = parseSigmaYaml(yaml, 'test.yml');
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join('; '));
  const rule = result.documents.find((document) => document.kind === 'rule');
  if (rule === undefined || rule.kind !== 'rule') throw new Error('no rule');
  return rule;
}

/** The query of a detection body for `target` (predicate only unless `full`). */
export function convertDetection(
  target: SigmaQueryTarget,
  detection: string,
  options: SigmaConvertOptions & { full?: boolean; logsource?: string } = {},
): string {
  const { full, logsource, ...rest } = options;
  return convertSigmaRule(testRule(detection, logsource), target, {
    predicateOnly: full !== true,
    ...rest,
  }).query;
}
