/**
 * The SigmaHQ material the CLI benchmarks use: the shared directory (`OPENMDR_SHARED_DIR`, or
 * `<repository root>/../shared`), the active Windows rules copied into one directory (so that
 * `--rules` and `sigma bundle --rules` get a single folder holding exactly them), and rule files
 * looked up by their `id:`.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared reference material. */
export const SHARED_DIR =
  process.env['OPENMDR_SHARED_DIR'] ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared');

/** The SigmaHQ corpus. */
export const SIGMAHQ_DIR = join(SHARED_DIR, 'sigma', 'sigmahq');

/** The labelled regression set. */
export const REGRESSION_DIR = join(SHARED_DIR, 'sigma', 'regression-dev');

/** True when both are present. */
export const HAS_CORPUS =
  existsSync(join(SIGMAHQ_DIR, 'rules')) && existsSync(join(REGRESSION_DIR, 'cases.jsonl'));

/** The active rule folders (all but `deprecated/` and `unsupported/`). */
const ACTIVE_FOLDERS = [
  'rules',
  'rules-emerging-threats',
  'rules-threat-hunting',
  'rules-placeholder',
  'rules-compliance',
  'rules-dfir',
];

/** Every `.yml` file under `dir`, sorted. */
function yamlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...yamlFiles(path));
    else if (entry.name.endsWith('.yml') || entry.name.endsWith('.yaml')) found.push(path);
  }
  return found.sort();
}

/** The active rule files of the corpus. */
export function activeRuleFiles(): string[] {
  return ACTIVE_FOLDERS.map((folder) => join(SIGMAHQ_DIR, folder))
    .filter((folder) => existsSync(folder))
    .flatMap(yamlFiles);
}

const WINDOWS_PRODUCT = /^\s*product:\s*['"]?windows['"]?\s*$/m;
const RULE_ID = /^id:\s*['"]?([0-9a-fA-F-]{36})['"]?\s*$/m;

/**
 * Copies the given rule files into a fresh temporary directory, keeping their paths relative to
 * the corpus; returns the directory.
 */
export function copyRules(files: readonly string[], label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `openmdr-bench-${label}-`));
  for (const file of files) {
    const target = join(dir, relative(SIGMAHQ_DIR, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  return dir;
}

/** The active rules whose logsource product is `windows` (2,872 in the corpus of issue 19). */
export function activeWindowsRuleFiles(): string[] {
  return activeRuleFiles().filter((file) => WINDOWS_PRODUCT.test(readFileSync(file, 'utf8')));
}

/** Active rule files by their `id:` (lower-case). */
export function ruleFilesById(): Map<string, string> {
  const byId = new Map<string, string>();
  for (const file of activeRuleFiles()) {
    const id = RULE_ID.exec(readFileSync(file, 'utf8'))?.[1];
    if (id !== undefined && !byId.has(id.toLowerCase())) byId.set(id.toLowerCase(), file);
  }
  return byId;
}
