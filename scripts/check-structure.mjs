// Checks the repository's structure: every package has a README, a version, an exports map
// whose targets exist in src, and (later) every connector folder has its required files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];
for (const name of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', name);
  const pkgPath = join(dir, 'package.json');
  if (!existsSync(pkgPath)) continue;
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  if (!pkg.version) problems.push(`${name}: package.json has no version`);
  if (!existsSync(join(dir, 'README.md'))) problems.push(`${name}: README.md missing`);
  if (!pkg.exports) problems.push(`${name}: package.json has no exports map`);
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    if (typeof target !== 'object') continue;
    const source = target['@openmdr/source'];
    if (source && !existsSync(join(dir, source))) {
      problems.push(`${name}: export ${subpath} points at missing ${source}`);
    }
  }
}
const connectorsDir = join(root, 'packages', 'connectors', 'scripts', 'check-connectors.mjs');
if (existsSync(connectorsDir)) {
  const { checkConnectors } = await import(connectorsDir);
  problems.push(...(await checkConnectors()));
}
if (problems.length > 0) {
  console.error(problems.map((p) => `structure: ${p}`).join('\n'));
  process.exit(1);
}
console.log('structure: ok');
