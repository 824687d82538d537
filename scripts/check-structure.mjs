// Checks the repository's structure; CI runs it (`node scripts/check-structure.mjs`). The rules
// live beside the connector scaffold that must satisfy them, in packages/connectors/kit/scripts/,
// and are tested there:
// - check-packages.mjs: every package of packages/* and packages/connectors/* has a version, a
//   README, an exports map whose sources exist, build outputs, tsup entries and typedoc entry
//   points that mirror it, and a place in the root typedoc.json;
// - check-dependencies.mjs: the dependency rules (which @openmdr packages each layer may import,
//   every import declared, no relative import leaving its package);
// - check-connectors.mjs: the uniform shape of the vendor packages packages/connectors/<id>.
import { checkConnectors } from '../packages/connectors/kit/scripts/check-connectors.mjs';
import { checkDependencies } from '../packages/connectors/kit/scripts/check-dependencies.mjs';
import { checkPackages } from '../packages/connectors/kit/scripts/check-packages.mjs';

const problems = [...checkPackages(), ...checkDependencies(), ...(await checkConnectors())];
if (problems.length > 0) {
  console.error(problems.map((problem) => `structure: ${problem}`).join('\n'));
  console.error(`structure: ${problems.length} problem(s); see CONTRIBUTING.md for the rules`);
  process.exit(1);
}
console.log('structure: ok');
