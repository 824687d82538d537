/**
 * Sigma conversion benchmark: every active Windows rule of the SigmaHQ corpus converted to each
 * target (SPL, ES|QL, Lucene, KQL, DuckDB SQL, PostgreSQL SQL). Reports rules per CPU-second per
 * target, the conversion rate (rules converted / rules), and a floor measured in the same run:
 * building the rules' query trees alone (what every target shares), and the streaming engine
 * compiling the same rules.
 *
 * Run: `npx tsx --conditions=@openmdr/source bench/convert.bench.ts` in `packages/detections`
 * (needs `../shared`, or `OPENMDR_SHARED_DIR`).
 */
import {
  buildQueryTree,
  compileSigmaRules,
  convertSigmaRules,
  loadSigmaRules,
  SIGMA_QUERY_TARGETS,
} from '../src/index.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from '../test/shared-dir.js';

if (!HAS_SIGMA_CORPUS) {
  console.error(`SigmaHQ corpus not found under ${SIGMA_DIR}; set OPENMDR_SHARED_DIR`);
  process.exit(1);
}
const PASSES = 5;
const loaded = await loadSigmaRules(ACTIVE_RULE_FOLDERS);
const rules = loaded.rules.filter((rule) => rule.logsource.product === 'windows');

/** Median CPU milliseconds of `PASSES` runs of `work`. */
function cpuMs(work: () => void): number {
  const samples: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const before = process.cpuUsage();
    work();
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(PASSES / 2)] as number;
}
const perSecond = (count: number, ms: number) =>
  Math.round((count / ms) * 1000).toLocaleString('en-US');

console.log(`${rules.length} active Windows rules; median of ${PASSES} passes, CPU time`);
const treeMs = cpuMs(() => {
  for (const rule of rules) {
    try {
      buildQueryTree(rule.detection, { placeholders: {}, unresolvedPlaceholders: 'error' });
    } catch {
      // counted by the targets
    }
  }
});
console.log(`floor: query trees only: ${perSecond(rules.length, treeMs)} rules/s`);
const engineMs = cpuMs(() => compileSigmaRules(rules));
console.log(`floor: streaming engine compile: ${perSecond(rules.length, engineMs)} rules/s`);
for (const target of SIGMA_QUERY_TARGETS) {
  let converted = 0;
  const ms = cpuMs(() => {
    converted = convertSigmaRules(rules, target).queries.length;
  });
  console.log(
    `${target.padEnd(8)}: ${perSecond(rules.length, ms)} rules/s; converted ${converted}/${rules.length} (${((converted / rules.length) * 100).toFixed(2)}%)`,
  );
}
const memory = process.memoryUsage();
console.log(
  `memory: RSS ${(memory.rss / 1048576).toFixed(0)} MB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MB; node ${process.version}`,
);
