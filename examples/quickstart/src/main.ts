/**
 * The OpenMDR quickstart (first version): normalises a bundled sample of raw security events
 * to OCSF 1.8.0 with the typed builders, validates them, sends bad records to a dead-letter
 * list with the reason, and prints a summary.
 *
 * Run: `pnpm quickstart` from the repository root.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  deriveObservables,
  formatOcsfIssues,
  OCSF_VERSION,
  type OcsfEvent,
  type OcsfIssue,
  OcsfValidationError,
} from '@openmdr/core';
import { normalisers, type RawRecord } from './normalisers.js';

interface DeadLetter {
  line: number;
  source: string;
  reason: string;
}

const dataFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'sample-events.jsonl');
const lines = readFileSync(dataFile, 'utf8').split('\n');

const valid: Array<{ line: number; event: OcsfEvent }> = [];
const deadLetters: DeadLetter[] = [];
const warnings: Array<{ line: number; source: string; issue: OcsfIssue }> = [];

lines.forEach((text, index) => {
  const line = index + 1;
  if (text.trim() === '') return;
  let record: RawRecord;
  try {
    record = JSON.parse(text) as RawRecord;
  } catch (error) {
    deadLetters.push({ line, source: '?', reason: `invalid JSON: ${(error as Error).message}` });
    return;
  }
  const source = String(record.source ?? '?');
  const normalise = normalisers[source];
  if (normalise === undefined) {
    deadLetters.push({ line, source, reason: `no normaliser for source '${source}'` });
    return;
  }
  try {
    const normalised = normalise(record);
    valid.push({ line, event: normalised.event });
    for (const issue of normalised.warnings) warnings.push({ line, source, issue });
  } catch (error) {
    const issues = OcsfValidationError.isInstance(error)
      ? (error as OcsfValidationError).issues
      : ((error as { issues?: OcsfIssue[] }).issues ?? undefined);
    deadLetters.push({
      line,
      source,
      reason: issues ? formatOcsfIssues(issues) : (error as Error).message,
    });
  }
});

const byClass = new Map<string, number>();
let observables = 0;
for (const { event } of valid) {
  const name = `${event.class_name ?? 'unknown'} (${event.class_uid})`;
  byClass.set(name, (byClass.get(name) ?? 0) + 1);
  observables += deriveObservables(event).length;
}

const out: string[] = [];
out.push(`OpenMDR quickstart: OCSF ${OCSF_VERSION} normalisation and validation`);
out.push(
  `Read ${lines.filter((text) => text.trim() !== '').length} records from data/sample-events.jsonl`,
);
out.push(
  `Valid: ${valid.length}   Dead-lettered: ${deadLetters.length}   Warnings: ${warnings.length}   Observables derived: ${observables}`,
);
out.push('', 'Events by class:');
for (const [name, count] of [...byClass].sort(([a], [b]) => a.localeCompare(b)))
  out.push(`  ${name.padEnd(36)} ${count}`);
out.push('', 'Dead letter:');
for (const letter of deadLetters)
  out.push(`  line ${letter.line} (${letter.source}): ${letter.reason}`);
out.push('', 'Warnings (lenient repairs):');
for (const { line, source, issue } of warnings)
  out.push(`  line ${line} (${source}): ${issue.path}: ${issue.message} (${issue.rule})`);
console.log(out.join('\n'));
