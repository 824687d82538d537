// What the tests of `pnpm new:connector` and of the structure checks share: a throwaway
// repository root to scaffold into, and the scripts under test.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The kit's package folder. */
export const kitRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The repository root. */
export const repositoryRoot = join(kitRoot, '..', '..', '..');

/** The scaffold script (`scripts/new-connector.mjs`). */
export interface ScaffoldScript {
  scaffoldConnector(
    id: string,
    options?: { root?: string; vendor?: string; format?: boolean },
  ): string[];
}

/** The structure checks (`scripts/check-*.mjs`). */
export interface CheckScripts {
  checkPackages(root?: string): string[];
  checkDependencies(root?: string): string[];
  checkConnectors(root?: string, options?: { runtime?: boolean }): Promise<string[]>;
}

/** Imports the scaffold script. */
export async function scaffoldScript(): Promise<ScaffoldScript> {
  return (await import(join(kitRoot, 'scripts', 'new-connector.mjs'))) as ScaffoldScript;
}

/** Imports the three structure checks. */
export async function checkScripts(): Promise<CheckScripts> {
  const [packages, dependencies, connectors] = await Promise.all(
    ['check-packages.mjs', 'check-dependencies.mjs', 'check-connectors.mjs'].map(
      (name) => import(join(kitRoot, 'scripts', name)),
    ),
  );
  return { ...packages, ...dependencies, ...connectors } as CheckScripts;
}

/** Runs the three structure checks on a repository root; their problems, in order. */
export async function structureProblems(root: string): Promise<string[]> {
  const checks = await checkScripts();
  return [
    ...checks.checkPackages(root),
    ...checks.checkDependencies(root),
    ...(await checks.checkConnectors(root)),
  ];
}

/**
 * A throwaway repository root in the kit's `.tmp/` (ignored by git, Biome and vitest's globs):
 * the root's package.json (its devDependencies are what tests may use), tsconfig.base.json,
 * tsup.shared.ts, typedoc.json and `.changeset/`, and the umbrella `packages/connectors/all`
 * (manifest, configs, sources, scripts), so that a scaffold registers itself as in the
 * repository.
 */
export function createScratchRepository(name: string): { root: string; remove(): void } {
  const root = join(kitRoot, '.tmp', `${name}-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, '.changeset'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.base.json', 'tsup.shared.ts', 'typedoc.json']) {
    cpSync(join(repositoryRoot, file), join(root, file));
  }
  const umbrella = join(repositoryRoot, 'packages', 'connectors', 'all');
  const scratchUmbrella = join(root, 'packages', 'connectors', 'all');
  mkdirSync(scratchUmbrella, { recursive: true });
  for (const file of [
    'package.json',
    'README.md',
    'tsconfig.json',
    'tsup.config.ts',
    'typedoc.json',
  ]) {
    if (existsSync(join(umbrella, file))) cpSync(join(umbrella, file), join(scratchUmbrella, file));
  }
  for (const folder of ['src', 'scripts']) {
    if (!existsSync(join(umbrella, folder))) continue;
    mkdirSync(join(scratchUmbrella, folder), { recursive: true });
    for (const file of readdirSync(join(umbrella, folder)).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    )) {
      cpSync(join(umbrella, folder, file), join(scratchUmbrella, folder, file));
    }
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Links a scaffolded package's dependencies as `pnpm install` does in the workspace: the kit and
 * core by their folders, zod as the kit resolves it.
 */
export function linkDependencies(packageDir: string): void {
  const links: Record<string, string> = {
    '@openmdr/connector-kit': kitRoot,
    '@openmdr/core': join(repositoryRoot, 'packages', 'core'),
    zod: realpathSync(join(kitRoot, 'node_modules', 'zod')),
  };
  for (const [name, target] of Object.entries(links)) {
    const link = join(packageDir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

/** Writes a file, creating its folder. */
export function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
