/**
 * Generates `src/attack/generated/attack-table.ts`: the ATT&CK Enterprise techniques with
 * names and tactics, from the curated table in `src/attack/data/curated-techniques.ts` and the
 * ATT&CK tags of the SigmaHQ corpus in the shared reference folder (no network: no npm package
 * here ships the ATT&CK data offline).
 *
 * - Every curated technique and every technique the corpus tags is listed.
 * - Names come from the curated table; a technique the corpus uses but the table lacks is
 *   listed without a name, with the tactics that co-occur with it on at least half of its rules.
 * - `defense-evasion` is replaced by the newer `stealth` / `defense-impairment` tactics where
 *   the corpus tags the technique (or its parent) with them.
 *
 * Deterministic: sorted keys, no timestamps. Run with `pnpm --filter @openmdr/detections generate`
 * (which formats the output with Biome). The shared folder is `OPENMDR_SHARED_DIR` or `<repo>/../shared`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ATTACK_CURATED_VERSION,
  CURATED_SUB_TECHNIQUES,
  CURATED_TECHNIQUES,
} from '../src/attack/data/curated-techniques.js';
import { ATTACK_TACTICS } from '../src/attack/tactics.js';

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sharedDirectory =
  process.env['OPENMDR_SHARED_DIR'] ?? resolve(packageDirectory, '../../../shared');
const corpus = join(sharedDirectory, 'sigma', 'sigmahq');
const RULE_FOLDERS = [
  'rules',
  'rules-emerging-threats',
  'rules-threat-hunting',
  'rules-placeholder',
  'rules-compliance',
  'rules-dfir',
];
const TACTICS = new Set(ATTACK_TACTICS.map((tactic) => tactic.shortName));
const SPLIT = ['stealth', 'defense-impairment'];

if (!existsSync(corpus)) {
  console.error(`generate-attack: the SigmaHQ corpus is not at ${corpus} (set OPENMDR_SHARED_DIR)`);
  process.exit(1);
}

function listYaml(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listYaml(path));
    else if (/\.ya?ml$/.test(entry.name)) files.push(path);
  }
  return files;
}

const files = RULE_FOLDERS.flatMap((folder) => listYaml(join(corpus, folder))).sort();
/** technique → number of rules tagging it */
const ruleCount = new Map<string, number>();
/** technique → tactic → number of rules tagging both */
const coTactics = new Map<string, Map<string, number>>();
let rulesWithAttack = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const tags = [...text.matchAll(/^\s*-\s*attack\.([a-z0-9.-]+)\s*$/gm)].map((match) =>
    (match[1] as string).toLowerCase(),
  );
  const techniques = [
    ...new Set(
      tags.filter((tag) => /^t\d{4}(\.\d{3})?$/.test(tag)).map((tag) => tag.toUpperCase()),
    ),
  ];
  const tactics = [...new Set(tags.filter((tag) => TACTICS.has(tag)))];
  if (techniques.length === 0 && tactics.length === 0) continue;
  rulesWithAttack += 1;
  for (const technique of techniques) {
    ruleCount.set(technique, (ruleCount.get(technique) ?? 0) + 1);
    const counts = coTactics.get(technique) ?? new Map<string, number>();
    for (const tactic of tactics) counts.set(tactic, (counts.get(tactic) ?? 0) + 1);
    coTactics.set(technique, counts);
  }
}

const ids = new Set<string>([
  ...Object.keys(CURATED_TECHNIQUES),
  ...Object.keys(CURATED_SUB_TECHNIQUES),
  ...ruleCount.keys(),
]);
for (const id of [...ids]) ids.add(id.split('.')[0] as string);
const tacticOrder = new Map(ATTACK_TACTICS.map((tactic) => [tactic.shortName, tactic.order]));
const sortTactics = (list: Iterable<string>): string[] =>
  [...new Set(list)].sort(
    (left, right) =>
      (tacticOrder.get(left) ?? 0) - (tacticOrder.get(right) ?? 0) || left.localeCompare(right),
  );

const rows: string[] = [];
const unnamed: string[] = [];
for (const id of [...ids].sort()) {
  const parent = id.split('.')[0] as string;
  const curatedParent = CURATED_TECHNIQUES[parent];
  const name = id.includes('.') ? CURATED_SUB_TECHNIQUES[id] : curatedParent?.[0];
  const seen = new Map<string, number>();
  const related =
    id === parent
      ? [id, ...[...coTactics.keys()].filter((other) => other.startsWith(`${id}.`))]
      : [id, parent];
  for (const source of related)
    for (const [tactic, count] of coTactics.get(source) ?? [])
      seen.set(tactic, (seen.get(tactic) ?? 0) + count);
  let tactics: string[];
  if (curatedParent !== undefined) {
    tactics = [];
    for (const tactic of curatedParent[1]) {
      if (tactic !== 'defense-evasion') tactics.push(tactic);
      else {
        const split = SPLIT.filter((candidate) => seen.has(candidate));
        tactics.push(...(split.length > 0 ? split : ['defense-evasion']));
        if (split.length > 0 && seen.has('defense-evasion')) tactics.push('defense-evasion');
      }
    }
  } else {
    const rules = (ruleCount.get(id) ?? 0) + (id === parent ? 0 : (ruleCount.get(parent) ?? 0));
    tactics = [...seen].filter(([, count]) => count * 2 >= rules).map(([tactic]) => tactic);
  }
  if (name === undefined) unnamed.push(id);
  rows.push(
    `  ${JSON.stringify(id)}: [${name === undefined ? 'null' : JSON.stringify(name)}, ${JSON.stringify(sortTactics(tactics))}],`,
  );
}

const output = `/**
 * ATT&CK Enterprise techniques: id → [name, tactic short names].
 * Generated by scripts/generate-attack.ts from the curated table (${ATTACK_CURATED_VERSION})
 * and the ATT&CK tags of ${rulesWithAttack} SigmaHQ rules. Do not edit.
 * Techniques without a name (${unnamed.length}) are used by SigmaHQ but missing from the curated table.
 */

/** The version of the technique table. */
export const ATTACK_TABLE_VERSION = ${JSON.stringify(`${ATTACK_CURATED_VERSION}; SigmaHQ tags of ${rulesWithAttack} rules`)};

/** Technique id → [name (null when unknown), tactic short names]. */
export const ATTACK_TECHNIQUES: Readonly<Record<string, readonly [string | null, readonly string[]]>> = {
${rows.join('\n')}
};
`;
const target = join(packageDirectory, 'src', 'attack', 'generated', 'attack-table.ts');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, output);
console.log(
  `generate-attack: ${ids.size} techniques (${unnamed.length} without a name: ${unnamed.join(', ')}) from ${files.length} rule files → ${target}`,
);
