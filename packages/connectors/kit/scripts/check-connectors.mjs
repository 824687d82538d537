// The uniform shape of the vendor packages, packages/connectors/<id> (every folder but the kit and
// the umbrella). Imported by the repository's scripts/check-structure.mjs; runnable alone:
//   node packages/connectors/kit/scripts/check-connectors.mjs
//
// A vendor package is named @openmdr/connector-<id> (kebab-case id) and has a docs page; a
// connector package (its src calls defineConnector or createRestConnector) also has
// src/connector.ts and src/config.ts, exports <id>Connector, <id>ConfigSchema, the type
// <Id>Config and <id>NormalizeSources (unless its manifest declares no streams: an action-only
// connector has nothing to normalise) from src/index.ts, runs describeConnectorConformance from a
// *.conformance.test.ts, keeps recorded vendor samples free of secret-shaped values in
// src/__fixtures__ with a README naming their sources, exports ./simulator when it has
// src/simulator, is re-exported by the umbrella (@openmdr/connectors/<id>), and uses kebab-case
// stream and action ids and its package id as manifest id (read by importing the package).
// Exceptions are declared, with their reason, in SHAPE_EXCEPTIONS.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsOf } from './check-dependencies.mjs';
import { isToolingFile, listFiles, MODULE_FILE, repositoryRoot, shown } from './workspace.mjs';

/** Folders of packages/connectors that are not vendor packages. */
export const NOT_VENDORS = new Set(['kit', 'all']);

/** Lower-case kebab-case: `acme-edr`. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** `acme-edr` → `AcmeEdr`. */
export const pascalCase = (id) =>
  id
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

/** `acme-edr` → `acmeEdr`. */
export const camelCase = (id) => {
  const name = pascalCase(id);
  return name[0].toLowerCase() + name.slice(1);
};

/**
 * Vendor packages whose shape differs from the uniform one, and why.
 * - `kind: 'normalizer'`: no connector; `exports` lists the names it must export instead, and
 *   `fixtures: false` exempts it from `src/__fixtures__`.
 * - `connectorExport`: the name exported instead of `<id>Connector`; `normalizeSources: false`
 *   exempts it from `<id>NormalizeSources`; `runtime: false` skips the manifest import (there is
 *   no ready-made connector to import).
 */
export const SHAPE_EXCEPTIONS = {
  rest: {
    reason:
      'a connector factory: every spec passed to createRestConnector makes its own connector (id, streams, actions, mapping), so there is no ready-made restConnector and no fixed normalise sources',
    connectorExport: 'createRestConnector',
    normalizeSources: false,
    runtime: false,
  },
  windows: {
    reason:
      'a normaliser of Windows Event Log and Sysmon records, not an API connector: no defineConnector, so no conformance suite, simulator or manifest; its tests build records with windowsRecord and replay the shared Sigma regression events',
    kind: 'normalizer',
    exports: ['normalizeWindowsEvent'],
    files: ['src/normalize.ts'],
    fixtures: false,
  },
};

const SECRET_SHAPES = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a PEM private key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'a JSON Web Token'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\b(?:Bearer|SSWS|ApiToken)\s+[A-Za-z0-9._~+/=-]{16,}/, 'an Authorization credential'],
  [
    /"(?:client_secret|password|api_key|apiKey|access_token|refresh_token|private_key)"\s*:\s*"(?!\[REDACTED\])[^"]{6,}"/,
    'a secret value',
  ],
];

/** Fixture files scanned for secrets. */
const FIXTURE_TEXT = /\.(?:json|jsonl|ndjson|txt|log|xml|csv|evtx\.json|md)$/;

const stripComments = (text) =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** The names a module exports (following `export * from './x.js'` into the package). */
export function exportedNames(file, seen = new Set()) {
  const names = new Set();
  if (seen.has(file) || !existsSync(file)) return names;
  seen.add(file);
  const text = stripComments(readFileSync(file, 'utf8'));
  for (const [, list] of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const item of list.split(',')) {
      const name = item
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name) names.add(name);
    }
  }
  for (const [, name] of text.matchAll(
    /export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|var|function\*?|abstract\s+class|class|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/g,
  )) {
    names.add(name);
  }
  for (const [, name] of text.matchAll(/export\s+\*\s+as\s+([\w$]+)\s+from/g)) names.add(name);
  for (const [, from] of text.matchAll(/export\s+\*\s+from\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), from.replace(/\.js$/, '.ts'));
    for (const name of exportedNames(target, seen)) names.add(name);
  }
  return names;
}

/** True when a package's shipped source defines a connector. */
function definesConnector(dir) {
  return listFiles(join(dir, 'src')).some(
    (file) =>
      MODULE_FILE.test(file) &&
      !isToolingFile(file, dir) &&
      /\b(?:defineConnector|createRestConnector)\(/.test(readFileSync(file, 'utf8')),
  );
}

/** True when a conformance test calls the suite itself or through a module it imports. */
function runsConformance(file) {
  const text = readFileSync(file, 'utf8');
  if (text.includes('describeConnectorConformance(')) return true;
  return importsOf(text)
    .filter(({ specifier }) => specifier.startsWith('.'))
    .map(({ specifier }) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    .some(
      (target) =>
        existsSync(target) &&
        readFileSync(target, 'utf8').includes('describeConnectorConformance('),
    );
}

/**
 * Imports each connector package in one child process (TypeScript sources, through tsx) and
 * returns what its index exports: `{ [indexFile]: { connectors } | { error } }`.
 */
function readManifests(indexFiles) {
  if (indexFiles.length === 0) return {};
  const child = spawnSync(
    process.execPath,
    [
      '--conditions=@openmdr/source',
      '--import',
      'tsx',
      join(dirname(fileURLToPath(import.meta.url)), 'connector-manifests.mjs'),
      ...indexFiles,
    ],
    { cwd: repositoryRoot, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.status !== 0) {
    const reason = (child.stderr || child.stdout || 'no output').trim().split('\n')[0];
    return Object.fromEntries(indexFiles.map((file) => [file, { error: reason }]));
  }
  return JSON.parse(child.stdout);
}

/** A vendor package under check: where it is and what it declares. */
function vendorPackage(root, id) {
  const dir = join(root, 'packages', 'connectors', id);
  return {
    id,
    dir,
    at: shown(dir, root),
    pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')),
    exception: SHAPE_EXCEPTIONS[id] ?? {},
    index: join(dir, 'src', 'index.ts'),
    hasSimulator: existsSync(join(dir, 'src', 'simulator', 'index.ts')),
    // set once the package is imported: its manifest declares no streams
    actionOnly: false,
  };
}

/** The name, the docs page, the index, the simulator export. */
function basicProblems(root, vendor) {
  const { id, dir, at, pkg, index, hasSimulator } = vendor;
  const problems = [];
  if (!KEBAB_CASE.test(id)) problems.push(`${at}: folder name must be kebab-case`);
  if (pkg.name !== `@openmdr/connector-${id}`) {
    problems.push(`${at}/package.json: name must be @openmdr/connector-${id}, not ${pkg.name}`);
  }
  if (
    !existsSync(join(dir, 'README.md')) &&
    !existsSync(join(root, 'docs', 'connectors', `${id}.md`))
  ) {
    problems.push(`${at}: docs page missing (README.md or docs/connectors/${id}.md)`);
  }
  if (!existsSync(index)) problems.push(`${at}/src/index.ts missing`);
  else if (exportedNames(index).size === 0) problems.push(`${at}/src/index.ts exports nothing`);
  const simulatorExport = pkg.exports?.['./simulator']?.['@openmdr/source'];
  if (hasSimulator && simulatorExport !== './src/simulator/index.ts') {
    problems.push(
      `${at}/package.json: exports has no "./simulator" entry pointing at ./src/simulator/index.ts`,
    );
  }
  if (!hasSimulator && pkg.exports?.['./simulator']) {
    problems.push(
      `${at}/package.json: exports "./simulator" but src/simulator/index.ts is missing`,
    );
  }
  return problems;
}

/** The entry files, the uniform exports and the conformance test of a connector package. */
function connectorProblems(root, vendor) {
  const { id, dir, at, exception, index } = vendor;
  const problems = [];
  const exported = exportedNames(index);
  const name = camelCase(id);
  const requireExport = (wanted, what) => {
    if (!exported.has(wanted))
      problems.push(`${at}/src/index.ts: does not export ${wanted} (${what})`);
  };
  if (exception.kind === 'normalizer') {
    for (const file of exception.files ?? []) {
      if (!existsSync(join(dir, file))) problems.push(`${at}/${file} missing`);
    }
    for (const wanted of exception.exports ?? []) requireExport(wanted, 'its uniform name');
    return problems;
  }
  if (!definesConnector(dir)) {
    return [
      `${at}: src defines no connector (defineConnector) and is not a declared exception in SHAPE_EXCEPTIONS`,
    ];
  }
  for (const file of ['src/connector.ts', 'src/config.ts']) {
    if (!existsSync(join(dir, file))) problems.push(`${at}/${file} missing`);
  }
  requireExport(exception.connectorExport ?? `${name}Connector`, 'the connector');
  requireExport(`${name}ConfigSchema`, 'the config schema');
  const configType = `${name}Config`.toLowerCase();
  if (![...exported].some((item) => item.toLowerCase() === configType)) {
    problems.push(
      `${at}/src/index.ts: does not export the type ${pascalCase(id)}Config (the validated config; vendor capitalisation allowed)`,
    );
  }
  // an action-only connector (no streams in its manifest, known once imported) reads nothing
  if (exception.normalizeSources !== false && !vendor.actionOnly) {
    requireExport(`${name}NormalizeSources`, 'the sources of openmdr normalize');
  }
  const conformance = listFiles(join(dir, 'src')).filter((file) =>
    file.endsWith('.conformance.test.ts'),
  );
  if (conformance.length === 0) {
    problems.push(
      `${at}/src/connector.conformance.test.ts missing (a *.conformance.test.ts calling describeConnectorConformance)`,
    );
  }
  for (const file of conformance.filter((candidate) => !runsConformance(candidate))) {
    problems.push(
      `${shown(file, root)}: does not call describeConnectorConformance (itself or through a module it imports)`,
    );
  }
  return problems;
}

/** Samples present, their README, and no secret-shaped value in them. */
function fixtureProblems(root, vendor) {
  const { at, dir, exception } = vendor;
  const problems = [];
  const fixtures = join(dir, 'src', '__fixtures__');
  if (exception.fixtures !== false) {
    if (listFiles(fixtures).filter((file) => !file.endsWith('README.md')).length === 0) {
      problems.push(`${at}/src/__fixtures__/ has no recorded, scrubbed vendor samples`);
    }
    if (!existsSync(join(fixtures, 'README.md'))) {
      problems.push(
        `${at}/src/__fixtures__/README.md missing (where each sample comes from, its licence, how it was scrubbed)`,
      );
    }
  }
  for (const file of listFiles(fixtures).filter((candidate) => FIXTURE_TEXT.test(candidate))) {
    const text = readFileSync(file, 'utf8');
    for (const [pattern, what] of SECRET_SHAPES) {
      if (pattern.test(text)) problems.push(`${shown(file, root)}: contains ${what}`);
    }
  }
  return problems;
}

/** The umbrella re-exports the package (`@openmdr/connectors/<id>`) and its simulator. */
function umbrellaProblems(root, vendor) {
  const { id, hasSimulator } = vendor;
  const umbrellaDir = join(root, 'packages', 'connectors', 'all');
  if (!existsSync(join(umbrellaDir, 'package.json'))) return [];
  const umbrella = JSON.parse(readFileSync(join(umbrellaDir, 'package.json'), 'utf8'));
  const read = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  const problems = [];
  if (!read(join(umbrellaDir, 'src', `${id}.ts`)).includes(`from '@openmdr/connector-${id}'`)) {
    problems.push(
      `packages/connectors/all/src/${id}.ts missing or not re-exporting @openmdr/connector-${id}`,
    );
  }
  if (umbrella.exports?.[`./${id}`]?.['@openmdr/source'] !== `./src/${id}.ts`) {
    problems.push(
      `packages/connectors/all/package.json: exports has no "./${id}" entry pointing at ./src/${id}.ts`,
    );
  }
  if (!umbrella.dependencies?.[`@openmdr/connector-${id}`]) {
    problems.push(
      `packages/connectors/all/package.json: dependencies lack @openmdr/connector-${id}`,
    );
  }
  const simulators = read(join(umbrellaDir, 'src', 'simulators.ts'));
  if (hasSimulator && !simulators.includes(`'@openmdr/connector-${id}/simulator'`)) {
    problems.push(
      `packages/connectors/all/src/simulators.ts: does not re-export @openmdr/connector-${id}/simulator`,
    );
  }
  return problems;
}

/** The connector a package's index exports under its uniform name, once imported. */
function mainConnector(manifests, vendor) {
  const result = manifests[vendor.index];
  return result?.connectors?.find(
    (connector) => connector.export === `${camelCase(vendor.id)}Connector`,
  );
}

/** What importing the connector packages shows: the connector, its id, kebab-case ids. */
function manifestProblems(vendors, manifests) {
  const problems = [];
  for (const { id, at, index } of vendors) {
    const result = manifests[index] ?? { error: 'not imported' };
    if (result.error) {
      problems.push(`${at}/src/index.ts: cannot be imported to read its manifest: ${result.error}`);
      continue;
    }
    const expected = `${camelCase(id)}Connector`;
    const main = mainConnector(manifests, { id, index });
    if (!main)
      problems.push(`${at}/src/index.ts: ${expected} is not a connector (defineConnector)`);
    else if (main.id !== id) {
      problems.push(`${at}: manifest id of ${main.export} is ${main.id}, not the package id ${id}`);
    }
    for (const connector of result.connectors) {
      for (const [what, names] of [
        ['stream', connector.streams],
        ['action', connector.actions],
      ]) {
        for (const bad of names.filter((item) => !KEBAB_CASE.test(item))) {
          problems.push(
            `${at}: ${connector.export} has the ${what} id '${bad}'; ids are kebab-case`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * Returns one problem string per violation (empty when every vendor package has the uniform
 * shape or a declared exception).
 * @param {string} [root] the repository root
 * @param {{ runtime?: boolean }} [options] `runtime: false` skips importing the packages
 * @returns {Promise<string[]>}
 */
export async function checkConnectors(root = repositoryRoot, options = {}) {
  const connectorsDir = join(root, 'packages', 'connectors');
  const ids = existsSync(connectorsDir) ? readdirSync(connectorsDir).sort() : [];
  const vendors = ids
    .filter((id) => !NOT_VENDORS.has(id) && existsSync(join(connectorsDir, id, 'package.json')))
    .map((id) => vendorPackage(root, id));
  const imported =
    options.runtime === false
      ? []
      : vendors.filter(
          (vendor) =>
            vendor.exception.kind !== 'normalizer' &&
            vendor.exception.runtime !== false &&
            existsSync(vendor.index) &&
            definesConnector(vendor.dir),
        );
  const manifests = readManifests(imported.map((vendor) => vendor.index));
  for (const vendor of imported) {
    vendor.actionOnly = mainConnector(manifests, vendor)?.streams.length === 0;
  }
  const problems = vendors.flatMap((vendor) => [
    ...basicProblems(root, vendor),
    ...connectorProblems(root, vendor),
    ...fixtureProblems(root, vendor),
    ...umbrellaProblems(root, vendor),
  ]);
  if (options.runtime === false) return problems;
  return [...problems, ...manifestProblems(imported, manifests)];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = await checkConnectors();
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('connectors: ok');
}
