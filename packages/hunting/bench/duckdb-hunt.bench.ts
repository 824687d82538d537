/**
 * DuckDB hunt benchmark: every active Windows rule of the SigmaHQ corpus (status neither
 * deprecated nor unsupported, `product: windows`) converted to DuckDB SQL and run over a
 * Windows event mix (the `regression-dev` flat samples, and benign variants of them: the same
 * events with the process fields replaced).
 *
 * Reports: rules converted and not (with the reasons' counts), load time and events/s of
 * loading the events into DuckDB without rules (the floor), hunt time (wall and CPU) and
 * events/s, RSS and DuckDB's buffers, and
 * the streaming engine over the same events for comparison, with the number of (event, rule)
 * hits on which the two disagree.
 *
 * Run: `npx tsx --conditions=@openmdr/source bench/duckdb-hunt.bench.ts` in `packages/hunting`
 * (needs `../shared`, or `OPENMDR_SHARED_DIR`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileSigmaRules, loadSigmaRules } from '@openmdr/detections';
import { eventRows, loadDuckDbRows, runLocalHunt } from '../src/index.js';
import { REGRESSION_DIR, SIGMA_DIR } from '../test/shared-dir.js';

const EVENT_COUNT = Number(process.env['HUNT_BENCH_EVENTS'] ?? 20_000);
const RULE_FOLDERS = [
  'rules',
  'rules-emerging-threats',
  'rules-threat-hunting',
  'rules-placeholder',
  'rules-compliance',
  'rules-dfir',
]
  .map((folder) => join(SIGMA_DIR, 'sigmahq', folder))
  .filter((folder) => existsSync(folder));
if (RULE_FOLDERS.length === 0 || !existsSync(REGRESSION_DIR)) {
  console.error(`SigmaHQ corpus not found under ${SIGMA_DIR}; set OPENMDR_SHARED_DIR`);
  process.exit(1);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (events: number, ms: number) =>
  Math.round((events / ms) * 1000).toLocaleString('en-US');
let peakRss = process.memoryUsage().rss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

// Events: the regression samples, then benign variants of them, up to EVENT_COUNT.
const samples = readdirSync(join(REGRESSION_DIR, 'events_flat'))
  .sort()
  .flatMap((file) =>
    readFileSync(join(REGRESSION_DIR, 'events_flat', file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  );
const BENIGN_IMAGES = [
  'C:\\Windows\\System32\\svchost.exe',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Windows\\explorer.exe',
  'C:\\Windows\\System32\\RuntimeBroker.exe',
];
const events: Record<string, unknown>[] = [];
for (let index = 0; events.length < EVENT_COUNT; index++) {
  const base = samples[index % samples.length] as Record<string, unknown>;
  if (index < samples.length) {
    events.push(base);
    continue;
  }
  const image = BENIGN_IMAGES[index % BENIGN_IMAGES.length] as string;
  const event: Record<string, unknown> = { ...base, ProcessId: 1000 + (index % 50_000) };
  for (const key of ['Image', 'TargetFilename', 'ImageLoaded', 'TargetImage', 'SourceImage']) {
    if (key in event) event[key] = image;
  }
  for (const key of ['CommandLine', 'ParentCommandLine', 'ScriptBlockText', 'Details']) {
    if (key in event) event[key] = `"${image}" --type=renderer --id ${index}`;
  }
  for (const key of ['TargetObject']) {
    if (key in event) event[key] = `HKLM\\SOFTWARE\\Vendor\\App\\Setting${index % 97}`;
  }
  events.push(event);
}

let started = performance.now();
const loaded = await loadSigmaRules(RULE_FOLDERS);
const rules = loaded.rules.filter((rule) => rule.logsource.product === 'windows');
const loadRulesMs = performance.now() - started;
sample();

// Floor: the same events into DuckDB, without rules.
started = performance.now();
const rows = eventRows(events, 'flat');
const rowsMs = performance.now() - started;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
started = performance.now();
const table = await loadDuckDbRows(connection, rows);
const appendMs = performance.now() - started;
const floorMs = rowsMs + appendMs;
sample();

// The hunt: every rule over the loaded table.
const cpuBefore = process.cpuUsage();
started = performance.now();
const result = await runLocalHunt({ rules, backend: 'duckdb', db: { kind: 'duckdb', connection } });
const huntMs = performance.now() - started;
const huntCpu = process.cpuUsage(cpuBefore);
const huntCpuMs = (huntCpu.user + huntCpu.system) / 1000;
sample();
const duckdbMemory = await connection.runAndReadAll(
  'SELECT sum(memory_usage_bytes) AS bytes FROM duckdb_memory()',
);
const duckdbBytes = Number(duckdbMemory.getRowObjectsJS()[0]?.['bytes'] ?? 0);
connection.closeSync();
instance.closeSync();

// The streaming engine over the same events, and where the two disagree.
started = performance.now();
const engine = compileSigmaRules(rules);
const compileMs = performance.now() - started;
const converted = new Set(result.queries.map((query) => query.ruleId));
const engineHits = new Set<string>();
started = performance.now();
events.forEach((event, line) => {
  for (const match of engine.match(event, { input: 'flat' })) {
    if (converted.has(match.ruleId ?? match.title)) engineHits.add(`${line}\u0000${match.ruleId}`);
  }
});
const engineMs = performance.now() - started;
sample();
const sqlHits = new Set(result.hits.map((hit) => `${hit.event}\u0000${hit.rule_id}`));
const onlySql = [...sqlHits].filter((hit) => !engineHits.has(hit));
const onlyEngine = [...engineHits].filter((hit) => !sqlHits.has(hit));

const reasons = new Map<string, number>();
for (const failure of result.conversionFailures) {
  const reason = failure.problem.reason.replace(/'[^']*'/g, "'…'").slice(0, 90);
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
}

console.log(`DuckDB hunt benchmark (${new Date().toISOString()})`);
console.log(
  `events: ${events.length} (${samples.length} regression samples), columns: ${table.columns.length}`,
);
console.log(
  `rules: ${rules.length} active Windows rules (loaded in ${loadRulesMs.toFixed(0)} ms); converted ${result.queries.length}, not converted ${result.conversionFailures.length}, query failures ${result.queryFailures.length}`,
);
for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
  console.log(`  ${String(count).padStart(4)} × ${reason}`);
}
console.log(
  `floor (load into DuckDB, no rules): ${floorMs.toFixed(0)} ms (rows ${rowsMs.toFixed(0)} ms + append ${appendMs.toFixed(0)} ms) = ${rate(events.length, floorMs)} events/s`,
);
console.log(
  `hunt (${result.queries.length} queries in UNION ALL batches of 64): ${huntMs.toFixed(0)} ms = ${rate(events.length, huntMs)} events/s (CPU ${huntCpuMs.toFixed(0)} ms, all threads); load + hunt ${rate(events.length, floorMs + huntMs)} events/s; ${result.hits.length} hits; ${rate(events.length * result.queries.length, huntMs)} rule-event tests/s`,
);
console.log(
  `engine (streaming, same rules): compile ${compileMs.toFixed(0)} ms, match ${engineMs.toFixed(0)} ms = ${rate(events.length, engineMs)} events/s`,
);
console.log(
  `agreement on converted rules: ${onlySql.length} hits only in SQL, ${onlyEngine.length} only in the engine`,
);
for (const hit of [...onlySql.slice(0, 5), ...onlyEngine.slice(0, 5)]) {
  const [line, rule] = hit.split('\u0000');
  console.log(
    `  line ${line} rule ${rule} ${onlySql.includes(hit) ? '(SQL only)' : '(engine only)'}`,
  );
}
console.log(`memory: peak RSS ${mb(peakRss)}, DuckDB buffers ${mb(duckdbBytes)}`);
