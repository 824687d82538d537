import { expect } from 'vitest';
import {
  compileSigmaRules,
  parseSigmaYaml,
  type SigmaEngine,
  type SigmaEngineOptions,
  type SigmaRule,
  type SigmaRuleError,
} from '../src/index.js';

/** Parses YAML that must hold exactly the given documents without errors. */
export function parseRules(yaml: string): SigmaRule[] {
  const result = parseSigmaYaml(yaml, 'test.yml');
  expect(result.errors.map((error) => error.message)).toEqual([]);
  return result.documents.filter((document): document is SigmaRule => document.kind === 'rule');
}

/** The first error of parsing and compiling `yaml` (undefined when it is fine). */
export function ruleError(
  yaml: string,
  options: SigmaEngineOptions = {},
): SigmaRuleError | undefined {
  const result = parseSigmaYaml(yaml, 'test.yml');
  if (result.errors.length > 0) return result.errors[0];
  const rules = result.documents.filter((d): d is SigmaRule => d.kind === 'rule');
  return compileSigmaRules(rules, options).errors[0];
}

/** A rule document with the given detection body (indented YAML under `detection:`). */
export function ruleYaml(detection: string, extra = ''): string {
  return `title: Test rule
id: 00000000-0000-4000-8000-000000000001
status: test
level: high
logsource:
  product: windows
  category: process_creation
detection:
${detection
  .trim()
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
${extra}`;
}

/** Compiles a detection body; returns a predicate over flat events. */
export function detect(
  detection: string,
  options: SigmaEngineOptions = {},
): ((event: Record<string, unknown>) => boolean) & { engine: SigmaEngine } {
  const rules = parseRules(ruleYaml(detection));
  const engine = compileSigmaRules(rules, options);
  expect(engine.errors.map((error) => error.message)).toEqual([]);
  const predicate = (event: Record<string, unknown>) => engine.match(event).length > 0;
  return Object.assign(predicate, { engine });
}
