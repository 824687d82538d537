/**
 * One measurement of the rule-load benchmark (`rule-load.bench.ts`), in a fresh process so that
 * its peak RSS is its own. Plain JavaScript, so that it runs both under tsx against the sources
 * and under plain node against the built package (`dist`), the figure a user of the package
 * sees.
 *
 * Usage: `rule-load-child.mjs <mode> <bundle file> <src|dist> <rule folder>…`; prints one JSON
 * line (see `Measurement` in `rule-load.bench.ts`).
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

const [mode, bundleFile, library, ...folders] = process.argv.slice(2);
const lib = await import(library === 'dist' ? '../dist/index.js' : '../src/index.ts');
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const cpuMsSince = (start) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

async function measure() {
  // Module loading is part of the baseline, not of any figure.
  const started = performance.now();
  const cpu = process.cpuUsage();
  if (mode === 'baseline') return { ms: 0, cpuMs: 0, rssMb: peakRssMb() };
  if (mode === 'floor') {
    const files = await lib.listSigmaFiles(folders);
    let rules = 0;
    const reads = [];
    let next = 0;
    const start = () => {
      const file = files[next];
      if (file !== undefined) reads[next++] = readFile(file, 'utf8');
    };
    while (next < Math.min(32, files.length)) start();
    for (let index = 0; index < files.length; index++) {
      const text = await reads[index];
      delete reads[index];
      start();
      const value = parseYaml(text);
      if (value?.logsource?.product === 'windows') rules++;
    }
    return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), rules, rssMb: peakRssMb() };
  }
  if (mode === 'bundle-write') {
    const bytes = await lib.writeSigmaBundle(await lib.createSigmaBundle(folders), bundleFile);
    return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), bytes, rssMb: peakRssMb() };
  }
  const loaded = await lib.loadSigmaRules(mode === 'yaml' ? folders : [bundleFile]);
  const windows = loaded.rules.filter((rule) => rule.logsource.product === 'windows');
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  const compileStarted = performance.now();
  const compileCpu = process.cpuUsage();
  // A bundle's rules were compiled when it was built: regular expressions compile on first
  // use, and each rule when a route first selects it (`bundle`), or every rule up front
  // (`bundle-eager`).
  const engine = lib.compileSigmaRules(windows, {
    validated: loaded.validated,
    compileOnDemand: mode === 'bundle',
  });
  const compileMs = performance.now() - compileStarted;
  const compileCpuMs = cpuMsSince(compileCpu);
  if (loaded.errors.length > 0 || engine.errors.length > 0) {
    throw new Error(`${loaded.errors.length + engine.errors.length} rule errors`);
  }
  return {
    ms,
    cpuMs,
    compileMs,
    compileCpuMs,
    totalMs: performance.now() - started,
    totalCpuMs: cpuMsSince(cpu),
    rules: windows.length,
    rssMb: peakRssMb(),
  };
}

console.log(JSON.stringify(await measure()));
