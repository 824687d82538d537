// What the repository checks share: the workspace packages, their files, and which files are
// tooling (tests, fixtures, benchmarks, scripts) rather than shipped source.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/connectors/kit/scripts/workspace.mjs). */
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** Folders never scanned. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage', '.tmp']);

/** Every file under `dir` (skipping node_modules, dist, coverage, .tmp), sorted. */
export function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return SKIPPED_FOLDERS.has(name) ? [] : listFiles(path);
      return [path];
    });
}

/** A path relative to the repository root, with forward slashes, for messages. */
export function shown(path, root = repositoryRoot) {
  return relative(root, path).split(sep).join('/');
}

/** Reads a JSON file. */
export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * The workspace packages the checks cover: every folder of `packages/*` and
 * `packages/connectors/*` holding a package.json.
 * @param {string} [root] the repository root
 * @returns {Array<{ dir: string, folder: string, pkg: Record<string, any> }>}
 */
export function workspacePackages(root = repositoryRoot) {
  const packages = [];
  for (const parent of [join(root, 'packages'), join(root, 'packages', 'connectors')]) {
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent).sort()) {
      const dir = join(parent, name);
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) continue;
      packages.push({ dir, folder: shown(dir, root), pkg: readJson(manifest) });
    }
  }
  return packages;
}

/** Source files the checks read: TypeScript and JavaScript modules. */
export const MODULE_FILE = /\.(?:ts|mts|cts|tsx|js|mjs|cjs)$/;

/**
 * True for files that only run in development: tests (`*.test.ts`, `*.int.test.ts`,
 * `*.test-d.ts`), their helpers (`*.test-helpers.ts`), fixtures (`__fixtures__/`), benchmarks
 * (`bench/`, `*.bench.ts`), the `test/` folder and `scripts/`. Everything else under `src/` ships.
 * @param {string} file absolute path
 * @param {string} packageDir the package folder
 */
export function isToolingFile(file, packageDir) {
  const path = relative(packageDir, file).split(sep).join('/');
  return (
    /\.(?:test|test-d|test-helpers|bench)\.[cm]?[jt]sx?$/.test(path) ||
    path.includes('/__fixtures__/') ||
    /^(?:test|bench|scripts)\//.test(path)
  );
}

const LINE_WIDTH = 100;

/**
 * JSON text as Biome formats it (2 spaces, 100 columns): arrays and objects of primitives on one
 * line when they fit, one item per line otherwise; other objects expanded. For JSON files other
 * than package.json (which Biome keeps expanded, as `JSON.stringify(value, null, 2)` writes it).
 */
export function formatJson(value) {
  const print = (item, indent, prefixWidth) => {
    if (item === null || typeof item !== 'object') return JSON.stringify(item);
    const entries = Array.isArray(item)
      ? item.map((element) => [undefined, element])
      : Object.entries(item);
    if (entries.length === 0) return Array.isArray(item) ? '[]' : '{}';
    const [open, close] = Array.isArray(item) ? ['[', ']'] : ['{', '}'];
    const key = (name) => (name === undefined ? '' : `${JSON.stringify(name)}: `);
    const primitive = entries.every(
      ([, element]) => element === null || typeof element !== 'object',
    );
    if (primitive && indent.length > 0) {
      const inline = Array.isArray(item)
        ? `[${entries.map(([, element]) => JSON.stringify(element)).join(', ')}]`
        : `{ ${entries.map(([name, element]) => `${key(name)}${JSON.stringify(element)}`).join(', ')} }`;
      if (prefixWidth + inline.length + 1 <= LINE_WIDTH) return inline;
    }
    const inner = `${indent}  `;
    const lines = entries.map(([name, element]) => {
      const head = `${inner}${key(name)}`;
      return `${head}${print(element, inner, head.length)}`;
    });
    return `${open}\n${lines.join(',\n')}\n${indent}${close}`;
  };
  return `${print(value, '', 0)}\n`;
}
