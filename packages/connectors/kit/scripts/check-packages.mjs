// The rules every workspace package follows (imported by the repository's
// scripts/check-structure.mjs; runnable alone: node packages/connectors/kit/scripts/check-packages.mjs):
// a version, a README, an exports map whose sources exist and whose build outputs mirror them,
// tsup entries equal to the exported sources (plus `bin` targets), typedoc entry points equal to
// them, and the package listed in the root typedoc.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJson, repositoryRoot, workspacePackages } from './workspace.mjs';

/** The quoted entries of a tsup config's `entry: [...]`, or undefined when there is none. */
export function tsupEntries(dir) {
  const path = join(dir, 'tsup.config.ts');
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const list = /entry:\s*\[([^\]]*)\]/.exec(text);
  if (list) return [...list[1].matchAll(/['"]([^'"]+)['"]/g)].map((item) => item[1]);
  // The object form names each output: `entry: { index: 'src/index.ts', … }`.
  const named = /entry:\s*\{([^}]*)\}/.exec(text);
  return named ? [...named[1].matchAll(/:\s*['"]([^'"]+)['"]/g)].map((item) => item[1]) : undefined;
}

/** `./src/simulator/index.ts` → `src/simulator/index.ts`. */
const bare = (path) => path.replace(/^\.\//, '');

/** The source file of every subpath export: `{ '.': 'src/index.ts', … }`. */
export function exportedSources(pkg) {
  const sources = {};
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    if (target && typeof target === 'object' && typeof target['@openmdr/source'] === 'string') {
      sources[subpath] = bare(target['@openmdr/source']);
    }
  }
  return sources;
}

/**
 * Returns one problem per violation.
 * @param {string} [root] the repository root
 * @returns {string[]}
 */
export function checkPackages(root = repositoryRoot) {
  const problems = [];
  const typedocPath = join(root, 'typedoc.json');
  const documented = existsSync(typedocPath) ? (readJson(typedocPath).entryPoints ?? []) : [];
  for (const { dir, folder, pkg } of workspacePackages(root)) {
    const at = `${folder}`;
    if (!pkg.version) problems.push(`${at}/package.json: no version`);
    if (!existsSync(join(dir, 'README.md'))) problems.push(`${at}/README.md missing`);
    if (!pkg.exports) {
      problems.push(`${at}/package.json: no exports map`);
      continue;
    }
    const sources = exportedSources(pkg);
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target !== 'object' || target === null) continue;
      const source = sources[subpath];
      if (!source) {
        problems.push(`${at}/package.json: export ${subpath} has no "@openmdr/source" condition`);
        continue;
      }
      if (!existsSync(join(dir, source))) {
        problems.push(`${at}/package.json: export ${subpath} points at missing ${source}`);
      }
      const built = source.replace(/^src\//, './dist/').replace(/\.ts$/, '');
      if (target.types !== `${built}.d.ts` || target.default !== `${built}.js`) {
        problems.push(
          `${at}/package.json: export ${subpath} must build to types ${built}.d.ts and default ${built}.js (its source is ${source})`,
        );
      }
    }
    const entries = tsupEntries(dir);
    if (entries === undefined) {
      problems.push(`${at}/tsup.config.ts: no entry list`);
    } else {
      const bins = Object.values(typeof pkg.bin === 'string' ? { bin: pkg.bin } : (pkg.bin ?? {}));
      const binSources = bins.map((target) =>
        bare(String(target))
          .replace(/^dist\//, 'src/')
          .replace(/\.js$/, '.ts'),
      );
      for (const source of Object.values(sources)) {
        if (!entries.includes(source)) {
          problems.push(`${at}/tsup.config.ts: entry lacks ${source}, which package.json exports`);
        }
      }
      for (const entry of entries) {
        // A worker thread's entry (`…-worker.ts`) is started by file name, not imported.
        if (
          !Object.values(sources).includes(entry) &&
          !binSources.includes(entry) &&
          !entry.endsWith('-worker.ts')
        ) {
          problems.push(
            `${at}/tsup.config.ts: entry ${entry} is neither exported by package.json, a bin nor a worker (…-worker.ts)`,
          );
        }
      }
    }
    const typedocOwn = join(dir, 'typedoc.json');
    const points = existsSync(typedocOwn)
      ? (readJson(typedocOwn).entryPoints ?? [])
      : ['src/index.ts'];
    for (const source of Object.values(sources)) {
      if (!points.includes(source)) {
        problems.push(
          `${at}/typedoc.json: entryPoints lacks ${source}, which package.json exports (its API would go undocumented)`,
        );
      }
    }
    if (!pkg.private && !documented.includes(folder)) {
      problems.push(`typedoc.json: entryPoints lacks ${folder}`);
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = checkPackages();
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('packages: ok');
}
