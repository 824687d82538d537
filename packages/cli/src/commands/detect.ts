import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { OpenMdrError } from '@openmdr/core';
import {
  type BruteForceState,
  detectBruteForce,
  detectFirstSeenProcess,
  detectImpossibleTravel,
  detectMfaFatigue,
  emptyBruteForceState,
  emptyFirstSeenProcessState,
  emptyMfaFatigueState,
  emptyTravelState,
  emptyTriageState,
  enrichFindingAttacks,
  type FirstSeenProcessState,
  type IndicatorLoadResult,
  IntelIndex,
  loadIndicatorCsv,
  loadIndicatorList,
  loadMispContent,
  loadStixObjects,
  type MfaFatigueState,
  matchIntel,
  resolveScoringConfig,
  resolveTriageConfig,
  type TravelState,
  type TriageInput,
  type TriageState,
  triageFindings,
} from '@openmdr/detections';
import { type Command, type CommandIo, UsageError } from '../command.js';
import { createDetectStagePool, type DetectStagePool } from '../pipeline/detect-chunks.js';
import { defaultThreads, parseThreads } from '../pipeline/threads-option.js';
import { readIntelSource } from './intel-sources.js';

const usage = `Usage: openmdr detect --rules DIR|FILE... [--intel FILE...] [--intel-source ID:CONFIG...] --events FILE|- [options]

Runs Sigma rules, threat-intelligence matching and the behaviour detections over events (one
JSON object per line), scores the findings, folds duplicates, applies suppressions and groups
findings into incidents. Writes JSON lines, each with "kind":
  {"kind":"finding","finding":{...OCSF Detection Finding 2004...}}
  {"kind":"incident","incident":{...OCSF Incident Finding 2005...}}
Problems (rules that do not load, rejected indicators, bad event lines) go to standard error.
Exit code 0 when everything loaded, 1 when some input had failures, 2 on usage errors.

Options:
  --rules PATH...     Sigma rule files or directories (repeatable)
  --intel FILE...     indicators: STIX 2.1 bundle or MISP JSON (.json), CSV with a header (.csv),
                      or a plain list (one value per line)
  --intel-source ID:CONFIG...
                      indicators read from a threat-intel connector: taxii (TAXII 2.1
                      collections), misp (MISP attributes) or intel-feeds (CSV and list feeds
                      over HTTP), configured by a JSON file (the connector's config); secrets
                      from OPENMDR_SECRET__<tenant>__<name> (taxii.password → taxii_password).
                      Read from the start on every run
  --events FILE|-     the events (JSON lines); '-' reads standard input
  --input KIND        flat (default), winlog (Windows Event Log JSON, normalised to OCSF for
                      intel and behaviour), or ocsf
  --scoring FILE      per-tenant scoring configuration (JSON)
  --triage FILE       per-tenant triage configuration (JSON: dedup, suppressions, grouping)
  --tenant ID         tenant id written onto findings and incidents
  --batch N           findings triaged per batch (default 1000)
  --threads N         worker threads for the stateless work: parsing, normalising and Sigma
                      matching (default: every core); intel, behaviour detections, scoring and
                      triage run in order in the main thread. 1 runs everything in-process`;

interface Options {
  rules: string[];
  intel: string[];
  intelSources: string[];
  events: string | undefined;
  input: 'flat' | 'winlog' | 'ocsf';
  scoring: string | undefined;
  triage: string | undefined;
  tenant: string | undefined;
  batch: number;
  threads: number;
}

function parseArguments(args: string[]): Options {
  const options: Options = {
    rules: [],
    intel: [],
    intelSources: [],
    events: undefined,
    input: 'flat',
    scoring: undefined,
    triage: undefined,
    tenant: undefined,
    batch: 1000,
    threads: defaultThreads(),
  };
  let list: string[] | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index] as string;
    const value = (): string => {
      const next = args[index + 1];
      if (next === undefined || (next.startsWith('--') && next !== '-'))
        throw new UsageError(`${argument} needs a value`);
      index += 1;
      return next;
    };
    if (argument === '--rules') {
      list = options.rules;
      list.push(value());
    } else if (argument === '--intel') {
      list = options.intel;
      list.push(value());
    } else if (argument === '--intel-source') {
      list = options.intelSources;
      list.push(value());
    } else if (argument === '--events') {
      list = undefined;
      options.events = value();
    } else if (argument === '--input') {
      list = undefined;
      const kind = value();
      if (kind !== 'flat' && kind !== 'winlog' && kind !== 'ocsf')
        throw new UsageError(`--input must be flat, winlog or ocsf, not ${kind}`);
      options.input = kind;
    } else if (argument === '--scoring') {
      list = undefined;
      options.scoring = value();
    } else if (argument === '--triage') {
      list = undefined;
      options.triage = value();
    } else if (argument === '--tenant') {
      list = undefined;
      options.tenant = value();
    } else if (argument === '--batch') {
      list = undefined;
      options.batch = Number(value());
      if (!Number.isInteger(options.batch) || options.batch < 1)
        throw new UsageError('--batch must be a positive integer');
    } else if (argument === '--threads') {
      list = undefined;
      options.threads = parseThreads(value());
    } else if (argument.startsWith('--')) throw new UsageError(`unknown option ${argument}`);
    else if (list !== undefined) list.push(argument);
    else throw new UsageError(`unexpected argument ${argument}`);
  }
  if (options.rules.length === 0 && options.intel.length === 0 && options.intelSources.length === 0)
    throw new UsageError('give --rules, --intel (or --intel-source) or both');
  if (options.events === undefined) throw new UsageError('--events is required');
  return options;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Applies loaded indicators to the index; reports rejections (but not non-IDS skips). */
function applyIntel(
  index: IntelIndex,
  loaded: IndicatorLoadResult,
  where: string,
  io: CommandIo,
): number {
  let failures = 0;
  const applied = index.apply(loaded.indicators);
  for (const rejected of [...loaded.rejected, ...applied.rejected]) {
    if (rejected.code === 'INTEL_NOT_FOR_DETECTION') continue;
    failures += 1;
    io.stderr.write(
      `openmdr detect: indicator rejected (${rejected.code}) ${rejected.location ?? where}${rejected.id === undefined ? '' : ` ${rejected.id}`}: ${rejected.reason}\n`,
    );
  }
  return failures;
}

async function loadIntel(
  files: string[],
  sources: string[],
  tenant: string | undefined,
  io: CommandIo,
): Promise<{ index: IntelIndex; failures: number }> {
  const index = new IntelIndex();
  let failures = 0;
  for (const spec of sources) {
    try {
      for (const loaded of await readIntelSource(spec, { tenant }))
        failures += applyIntel(index, loaded, spec, io);
    } catch (error) {
      if (!OpenMdrError.isInstance(error)) throw error;
      failures += 1;
      io.stderr.write(`openmdr detect: --intel-source ${spec}: ${error.code}: ${error.message}\n`);
    }
  }
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    let loaded: IndicatorLoadResult;
    const extension = extname(file).toLowerCase();
    if (extension === '.json') {
      let content: unknown;
      try {
        content = JSON.parse(text);
      } catch (error) {
        io.stderr.write(`openmdr detect: ${file}: not JSON: ${(error as Error).message}\n`);
        failures += 1;
        continue;
      }
      const object = record(content);
      loaded =
        object !== undefined && ('Event' in object || 'response' in object)
          ? loadMispContent(content, { source: file })
          : loadStixObjects(content, { source: file });
    } else if (extension === '.csv') loaded = loadIndicatorCsv(text, { source: file });
    else loaded = loadIndicatorList(text, { source: file });
    failures += applyIntel(index, loaded, file, io);
  }
  return { index, failures };
}

/** `openmdr detect`: Sigma, intel and behaviour detections with scoring and incident grouping. */
export const detectCommand: Command = {
  path: ['detect'],
  summary:
    'Run Sigma rules, threat intel and behaviour detections; score, dedup and group into incidents',
  usage,
  async run(args: string[], io: CommandIo): Promise<number> {
    const options = parseArguments(args);
    let failures = 0;
    let scoring: ReturnType<typeof resolveScoringConfig>;
    let triage: ReturnType<typeof resolveTriageConfig>;
    try {
      scoring = resolveScoringConfig(
        options.scoring === undefined ? {} : JSON.parse(await readFile(options.scoring, 'utf8')),
      );
      triage = resolveTriageConfig(
        options.triage === undefined ? {} : JSON.parse(await readFile(options.triage, 'utf8')),
      );
    } catch (error) {
      io.stderr.write(`openmdr detect: ${(error as Error).message}\n`);
      return 2;
    }
    const stage = createDetectStagePool(
      {
        rules: options.rules,
        input: options.input,
        events: options.events as string,
        tenant: options.tenant,
      },
      options.threads,
    );
    try {
      for (const problem of await stage.problems()) {
        failures += 1;
        io.stderr.write(
          `openmdr detect: rule not ${problem.stage} (${problem.code}): ${problem.message}\n`,
        );
      }
      return await detectEvents(stage, options, io, failures, scoring, triage);
    } finally {
      await stage.close();
    }
  },
};

async function detectEvents(
  stage: DetectStagePool,
  options: Options,
  io: CommandIo,
  failuresSoFar: number,
  scoring: ReturnType<typeof resolveScoringConfig>,
  triage: ReturnType<typeof resolveTriageConfig>,
): Promise<number> {
  let failures = failuresSoFar;
  const intel = await loadIntel(options.intel, options.intelSources, options.tenant, io);
  failures += intel.failures;
  let input: NodeJS.ReadableStream;
  if (options.events === '-') input = io.stdin;
  else {
    const stream = createReadStream(options.events as string, { highWaterMark: 1 << 20 });
    try {
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
    } catch (error) {
      io.stderr.write(
        `openmdr detect: cannot read ${options.events}: ${(error as Error).message}\n`,
      );
      return 2;
    }
    input = stream;
  }
  let state: TriageState = emptyTriageState();
  let firstSeen: FirstSeenProcessState = emptyFirstSeenProcessState();
  let travel: TravelState = emptyTravelState();
  let bruteForce: BruteForceState = emptyBruteForceState();
  let mfa: MfaFatigueState = emptyMfaFatigueState();
  const totals = {
    events: 0,
    findings: 0,
    duplicates: 0,
    pending: 0,
    suppressed: 0,
    incidents: 0,
  };
  let batch: TriageInput[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    const result = triageFindings(state, batch, {
      scoring,
      triage,
      ...(options.tenant === undefined ? {} : { tenantId: options.tenant }),
    });
    state = result.state;
    batch = [];
    for (const item of result.findings)
      io.stdout.write(`${JSON.stringify({ kind: 'finding', finding: item.finding })}\n`);
    for (const incident of result.incidents)
      io.stdout.write(`${JSON.stringify({ kind: 'incident', incident })}\n`);
    totals.findings += result.findings.length;
    totals.duplicates += result.duplicates.length;
    totals.pending += result.pending.length;
    totals.suppressed += result.suppressed.length;
    totals.incidents += result.incidents.length;
  };
  await stage.process(input, (results) => {
    for (const result of results) {
      if ('problem' in result) {
        failures += 1;
        io.stderr.write(`openmdr detect: ${options.events}:${result.line}: ${result.problem}\n`);
        continue;
      }
      totals.events += 1;
      const ocsfEvent = result.ocsf;
      const findings: { finding: Record<string, unknown>; ruleConfidence?: number }[] = [
        ...result.findings,
      ];
      if (ocsfEvent !== undefined) {
        for (const finding of matchIntel(
          intel.index,
          ocsfEvent,
          options.tenant === undefined ? {} : { tenantId: options.tenant },
        ))
          findings.push({ finding: finding as unknown as Record<string, unknown> });
        const first = detectFirstSeenProcess(firstSeen, ocsfEvent);
        const travelled = detectImpossibleTravel(travel, ocsfEvent);
        const brute = detectBruteForce(bruteForce, ocsfEvent);
        const fatigue = detectMfaFatigue(mfa, ocsfEvent);
        firstSeen = first.state;
        travel = travelled.state;
        bruteForce = brute.state;
        mfa = fatigue.state;
        for (const finding of [
          ...first.findings,
          ...travelled.findings,
          ...brute.findings,
          ...fatigue.findings,
        ])
          findings.push({ finding: finding as unknown as Record<string, unknown> });
      }
      for (const item of findings)
        batch.push({
          finding: enrichFindingAttacks(item.finding),
          ...(item.ruleConfidence === undefined
            ? {}
            : { context: { ruleConfidence: item.ruleConfidence } }),
        });
      if (batch.length >= options.batch) flush();
    }
  });
  flush();
  io.stderr.write(
    `openmdr detect: ${totals.events} events, ${totals.findings} findings (${totals.duplicates} duplicates folded, ${totals.pending} below threshold, ${totals.suppressed} suppressed), ${totals.incidents} incident updates\n`,
  );
  return failures > 0 ? 1 : 0;
}
