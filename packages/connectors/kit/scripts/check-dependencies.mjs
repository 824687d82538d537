// The dependency rules of the workspace, checked on every import of every package (imported by
// the repository's scripts/check-structure.mjs; runnable alone:
//   node packages/connectors/kit/scripts/check-dependencies.mjs
//
// 1. Layers: which @openmdr packages a package's shipped source may import (LAYERS below). Tests,
//    fixtures, benchmarks and scripts are exempt from this rule (a test may run a vendor package
//    it declares as a devDependency), except scripts, which follow it too.
// 2. Declared: every bare import is declared by the importing package — shipped source in
//    dependencies or peerDependencies; tests, fixtures, benchmarks and scripts may also use
//    devDependencies and the root's devDependencies. Node built-ins are always allowed.
// 3. Contained: no relative import leaves its package (`../../other-package/src/…`): packages
//    talk through their published names and exports maps.

import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import {
  isToolingFile,
  listFiles,
  MODULE_FILE,
  readJson,
  repositoryRoot,
  shown,
  workspacePackages,
} from './workspace.mjs';

const isVendor = (name) =>
  name.startsWith('@openmdr/connector-') && name !== '@openmdr/connector-kit';

/**
 * The @openmdr packages each package's shipped source may import, and why. A package missing
 * from this table is reported: add its rule when you add the package.
 * @type {ReadonlyArray<{ applies: (name: string) => boolean, label: string, may: (name: string) => boolean, rule: string }>}
 */
export const LAYERS = [
  {
    applies: (name) => name === '@openmdr/core',
    label: '@openmdr/core',
    may: () => false,
    rule: 'core imports no other @openmdr package',
  },
  {
    applies: (name) => name === '@openmdr/connector-kit',
    label: '@openmdr/connector-kit',
    may: (name) => name === '@openmdr/core',
    rule: 'the kit imports only @openmdr/core',
  },
  {
    applies: isVendor,
    label: 'a vendor package',
    may: (name) => name === '@openmdr/core' || name === '@openmdr/connector-kit',
    rule: 'a vendor package imports only @openmdr/connector-kit and @openmdr/core; what two vendors share belongs in the kit',
  },
  {
    applies: (name) => name === '@openmdr/connectors',
    label: '@openmdr/connectors',
    may: (name) => name === '@openmdr/core' || name.startsWith('@openmdr/connector-'),
    rule: 'the umbrella re-exports the kit and the vendor packages only',
  },
  {
    applies: (name) => name === '@openmdr/detections',
    label: '@openmdr/detections',
    may: (name) => name === '@openmdr/core',
    rule: 'detections imports only @openmdr/core: neither the connectors nor response',
  },
  {
    applies: (name) => name === '@openmdr/investigation',
    label: '@openmdr/investigation',
    may: (name) => name === '@openmdr/core' || name === '@openmdr/connector-kit',
    rule: 'investigation is pure over OCSF events: it imports @openmdr/core and expands through the connector contract of @openmdr/connector-kit only',
  },
  {
    applies: (name) => name === '@openmdr/kafka',
    label: '@openmdr/kafka',
    may: (name) => name === '@openmdr/core',
    rule: 'the Kafka stream engine implements the stream contract of @openmdr/core and imports nothing else of OpenMDR',
  },
  {
    applies: (name) => name === '@openmdr/response',
    label: '@openmdr/response',
    may: (name) =>
      name === '@openmdr/core' ||
      name === '@openmdr/connector-kit' ||
      name === '@openmdr/detections' ||
      name === '@openmdr/investigation',
    rule: 'response uses the connector contract of @openmdr/connector-kit, never a vendor package or the umbrella',
  },
  {
    applies: (name) => name === '@openmdr/hunting',
    label: '@openmdr/hunting',
    may: (name) =>
      name === '@openmdr/core' ||
      name === '@openmdr/connector-kit' ||
      name === '@openmdr/detections' ||
      name === '@openmdr/investigation' ||
      name === '@openmdr/response',
    rule: 'hunting runs SIEM searches through the connector contract of @openmdr/connector-kit, never a vendor package or the umbrella',
  },
  {
    applies: (name) => name === '@openmdr/dashboard',
    label: '@openmdr/dashboard',
    may: (name) =>
      name === '@openmdr/core' ||
      name === '@openmdr/detections' ||
      name === '@openmdr/investigation' ||
      name === '@openmdr/response' ||
      name === '@openmdr/hunting',
    rule: 'the dashboard and its operations read the store and the bus through core, response, detections, investigation and hunting; never a connector package',
  },
  {
    applies: (name) => name === '@openmdr/mcp',
    label: '@openmdr/mcp',
    may: (name) =>
      name === '@openmdr/core' || name === '@openmdr/response' || name === '@openmdr/dashboard',
    rule: 'the MCP server exposes the operations of @openmdr/dashboard as tools; it adds no operation of its own',
  },
  {
    applies: (name) => name === '@openmdr/cli',
    label: '@openmdr/cli',
    may: () => true,
    rule: 'the CLI may use every package',
  },
];

const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names: `@scope/name` or `name`. */
export function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** True for `node:fs`, `fs`, `fs/promises`. */
function isBuiltin(specifier) {
  return (
    specifier.startsWith('node:') ||
    BUILTINS.has(specifier) ||
    BUILTINS.has(packageNameOf(specifier))
  );
}

/**
 * The module specifiers a file imports, with their lines: static and dynamic imports,
 * re-exports, `require` and `import()` types. Comments and template strings (code generators
 * write import statements in them) are not imports.
 */
export function importsOf(text) {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName, pos }) => ({
    specifier: fileName,
    line: text.slice(0, pos).split('\n').length,
  }));
}

/**
 * Returns one problem per violation: the importing file (and line), the import, and the rule.
 * @param {string} [root] the repository root
 * @returns {string[]}
 */
export function checkDependencies(root = repositoryRoot) {
  const rootPkg = readJson(join(root, 'package.json'));
  const rootDev = new Set(Object.keys(rootPkg.devDependencies ?? {}));
  const problems = [];
  for (const { dir, folder, pkg } of workspacePackages(root)) {
    const layer = LAYERS.find((candidate) => candidate.applies(pkg.name));
    if (!layer && String(pkg.name).startsWith('@openmdr/')) {
      problems.push(
        `${folder}: ${pkg.name} has no dependency rule; add it to LAYERS in packages/connectors/kit/scripts/check-dependencies.mjs`,
      );
    }
    const shipped = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ]);
    const tooling = new Set([...shipped, ...Object.keys(pkg.devDependencies ?? {}), ...rootDev]);
    const files = ['src', 'test', 'bench', 'scripts'].flatMap((name) =>
      listFiles(join(dir, name)).filter((file) => MODULE_FILE.test(file)),
    );
    for (const file of files) {
      const isTooling = isToolingFile(file, dir);
      const isScript = relative(dir, file).split(sep)[0] === 'scripts';
      const seen = new Set();
      for (const { specifier, line } of importsOf(readFileSync(file, 'utf8'))) {
        if (seen.has(specifier)) continue;
        seen.add(specifier);
        const at = `${shown(file, root)}:${line}`;
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(file), specifier);
          if (relative(dir, target).startsWith('..')) {
            problems.push(
              `${at}: imports '${specifier}', outside ${folder}; import the other package by its name and exports`,
            );
          }
          continue;
        }
        if (isBuiltin(specifier) || specifier.startsWith('/')) continue;
        const name = packageNameOf(specifier);
        if (name === pkg.name) continue;
        if (layer && name.startsWith('@openmdr/') && (!isTooling || isScript) && !layer.may(name)) {
          problems.push(`${at}: imports '${specifier}'; ${layer.rule}`);
          continue;
        }
        if (!(isTooling ? tooling : shipped).has(name)) {
          problems.push(
            isTooling
              ? `${at}: imports '${specifier}', which ${folder}/package.json does not declare (dependencies, peerDependencies or devDependencies) and the root devDependencies do not hold`
              : `${at}: imports '${specifier}', which ${folder}/package.json does not declare in dependencies or peerDependencies`,
          );
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = checkDependencies();
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('dependencies: ok');
}
