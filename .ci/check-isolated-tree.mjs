// Checks an `npm ls --all --json` tree of a project that installed one vendor connector:
// no @openmdr package other than the given ones may be installed, every declared runtime
// dependency must be, and an optional peer that no manifest depends on (vitest, for the
// conformance suite) must not be pulled in. Prints the package count and the direct dependencies.
import { readFileSync } from 'node:fs';

const [treeFile, ...manifestFiles] = process.argv.slice(2);
const tree = JSON.parse(readFileSync(treeFile, 'utf8'));
const manifests = manifestFiles.map((file) => JSON.parse(readFileSync(file, 'utf8')));
const allowedOpenMdr = new Set(manifests.map((manifest) => manifest.name));

const installed = new Map();
const problems = [];
const dependedOn = new Set(
  manifests.flatMap((manifest) => Object.keys(manifest.dependencies ?? {})),
);
const forbidden = new Set(
  manifests
    .flatMap((manifest) => Object.keys(manifest.peerDependenciesMeta ?? {}))
    .filter((name) => !dependedOn.has(name)),
);
(function walk(node, path) {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    const here = `${path} > ${name}`;
    // an optional peer that is not installed is listed without a version
    if (child.version === undefined && !child.missing) continue;
    if (!installed.has(name)) installed.set(name, child.version);
    if (name.startsWith('@openmdr/') && !allowedOpenMdr.has(name))
      problems.push(`unexpected OpenMDR package ${name} (${here})`);
    if (forbidden.has(name)) problems.push(`unexpected dependency ${name} (${here})`);
    if (child.missing) problems.push(`missing ${name} (${here})`);
    walk(child, here);
  }
})(tree, 'app');

// what the three manifests declare directly (their runtime dependencies and required peers)
const declared = new Set();
for (const manifest of manifests) {
  for (const name of Object.keys(manifest.dependencies ?? {})) declared.add(name);
  for (const name of Object.keys(manifest.peerDependencies ?? {}))
    if (!manifest.peerDependenciesMeta?.[name]?.optional) declared.add(name);
}
for (const name of declared) {
  if (!installed.has(name)) problems.push(`declared dependency ${name} is not installed`);
}
console.log(
  `isolated crowdstrike: ${installed.size} packages installed; OpenMDR: ${[...installed.keys()]
    .filter((name) => name.startsWith('@openmdr/'))
    .join(
      ', ',
    )}; direct third-party: ${[...declared].filter((name) => !name.startsWith('@openmdr/')).join(', ')}`,
);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  'isolated crowdstrike: dependency tree holds only core, the kit and their own dependencies',
);
