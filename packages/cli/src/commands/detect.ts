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
import { type CommandIo, UsageError } from '../command.js';
import { type CommandContext, type DefinedCommand, defineCommand } from '../define-command.js';
import { readInputText } from '../io/input.js';
import type { ParsedArguments } from '../options.js';
import { createDetectStagePool, type DetectStagePool } from '../pipeline/detect-chunks.js';
import { THREADS_OPTION, threadsOf } from '../pipeline/threads-option.js';
import { readIntelSource } from './intel-sources.js';

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

function parseArguments(args: ParsedArguments): Options {
  const options: Options = {
    rules: args.list('rules'),
    intel: args.list('intel'),
    intelSources: args.list('intel-source'),
    events: args.string('events'),
    input: args.string('input') as Options['input'],
    scoring: args.string('scoring'),
    triage: args.string('triage'),
    tenant: args.string('tenant'),
    batch: Number(args.string('batch')),
    threads: threadsOf(args, args.string('events')),
  };
  if (!Number.isInteger(options.batch) || options.batch < 1)
    throw new UsageError('--batch must be a positive integer');
  if (options.rules.length === 0 && options.intel.length === 0 && options.intelSources.length === 0)
    throw new UsageError('give --rules, --intel (or --intel-source) or both');
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
    const text = await readInputText(file, io.stdin);
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
export const detectCommand: DefinedCommand = defineCommand({
  path: ['detect'],
  summary:
    'Run Sigma rules, threat intel and behaviour detections; score, dedup and group into incidents',
  description: `Runs Sigma rules, threat-intelligence matching and the behaviour detections (first-seen process,
impossible travel, brute force, MFA fatigue) over events (one JSON object per line, from a FILE or
standard input with '-'; gzip accepted), scores the findings, folds duplicates, applies
suppressions and groups findings into incidents. Give --rules, --intel (or --intel-source) or
both. Problems (rules that do not load, rejected indicators, bad event lines) go to standard
error; so does a closing summary line (not with --quiet). On a terminal, a progress line on
standard error shows the rules loaded and the events per second.`,
  options: [
    {
      name: 'rules',
      type: 'string',
      variadic: true,
      valueName: 'DIR|FILE',
      description: 'Sigma rule files or directories',
    },
    {
      name: 'intel',
      type: 'string',
      variadic: true,
      valueName: 'FILE',
      description:
        'indicators: STIX 2.1 bundle or MISP JSON (.json), CSV with a header (.csv), or a plain list (one value per line)',
    },
    {
      name: 'intel-source',
      type: 'string',
      variadic: true,
      valueName: 'ID:CONFIG',
      description:
        'indicators read from a threat-intel connector: taxii (TAXII 2.1 collections), misp (MISP attributes) or intel-feeds (CSV and list feeds over HTTP), configured by a JSON file (the connector config); secrets from OPENMDR_SECRET__<tenant>__<name> (taxii.password → taxii_password); read from the start on every run',
    },
    {
      name: 'events',
      type: 'string',
      valueName: 'FILE|-',
      required: '--events is required',
      description: "the events (JSON lines); '-' reads standard input",
    },
    {
      name: 'input',
      type: 'string',
      choices: ['flat', 'winlog', 'ocsf'],
      default: 'flat',
      description:
        'flat (keys are Sigma field names), winlog (Windows Event Log JSON, normalised to OCSF for intel and behaviour), or ocsf',
    },
    {
      name: 'scoring',
      type: 'string',
      valueName: 'FILE',
      description: 'per-tenant scoring configuration (JSON)',
    },
    {
      name: 'triage',
      type: 'string',
      valueName: 'FILE',
      description: 'per-tenant triage configuration (JSON: dedup, suppressions, grouping)',
    },
    {
      name: 'tenant',
      type: 'string',
      valueName: 'ID',
      description: 'tenant id written onto findings and incidents',
    },
    {
      name: 'batch',
      type: 'string',
      valueName: 'N',
      default: '1000',
      description: 'findings triaged per batch',
    },
    {
      ...THREADS_OPTION,
      description:
        'worker threads for the stateless work: parsing, normalising and Sigma matching (default: one per 64 MiB of input file, up to every core; every core for standard input); intel, behaviour detections, scoring and triage run in input order in the main thread; 1 runs everything in-process',
    },
  ],
  output: `JSON lines, each with "kind":
{"kind":"finding","finding":{…OCSF Detection Finding 2004…}}
{"kind":"incident","incident":{…OCSF Incident Finding 2005…}}
Standard error: one line per problem, then "openmdr detect: N events, N findings (…), N incident
updates" (not with --quiet).`,
  exitCodes: {
    0: 'everything loaded and every event line was a JSON object',
    1: 'a rule, an indicator or an event line had a failure',
    2: 'usage error: an unknown option, a missing or bad value, an unreadable or bad --scoring or --triage file, an unreadable events file',
  },
  examples: [
    {
      command: 'openmdr detect --rules rules/windows --events events.jsonl --input winlog',
      description: 'Sigma and behaviour detections over Windows Event Log records',
    },
    {
      command:
        'openmdr detect --rules rules --intel iocs.csv --events - --input ocsf --tenant acme',
      description: 'rules and indicators over OCSF events from standard input, for one tenant',
    },
    {
      command:
        'openmdr detect --intel-source misp:misp.json --events events.jsonl.gz --input ocsf --output findings.jsonl',
      description: 'indicators from a MISP instance over gzip events, findings to a file',
    },
  ],
  async run(context): Promise<number> {
    const { args, io, progress: startProgress } = context;
    const options = parseArguments(args);
    const progress = startProgress();
    let failures = 0;
    let scoring: ReturnType<typeof resolveScoringConfig>;
    let triage: ReturnType<typeof resolveTriageConfig>;
    try {
      scoring = resolveScoringConfig(
        options.scoring === undefined
          ? {}
          : JSON.parse(await readInputText(options.scoring, io.stdin)),
      );
      triage = resolveTriageConfig(
        options.triage === undefined
          ? {}
          : JSON.parse(await readInputText(options.triage, io.stdin)),
      );
    } catch (error) {
      io.stderr.write(`openmdr detect: ${(error as Error).message}\n`);
      return 2;
    }
    if (options.rules.length > 0) progress.phase('loading rules');
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
      return await detectEvents(stage, options, context, failures, scoring, triage);
    } finally {
      await stage.close();
    }
  },
});

async function detectEvents(
  stage: DetectStagePool,
  options: Options,
  context: CommandContext,
  failuresSoFar: number,
  scoring: ReturnType<typeof resolveScoringConfig>,
  triage: ReturnType<typeof resolveTriageConfig>,
): Promise<number> {
  const { io, note, openInput } = context;
  let failures = failuresSoFar;
  const intel = await loadIntel(options.intel, options.intelSources, options.tenant, io);
  failures += intel.failures;
  const input = await openInput(options.events as string, { progress: context.progress() });
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
  note(
    `openmdr detect: ${totals.events} events, ${totals.findings} findings (${totals.duplicates} duplicates folded, ${totals.pending} below threshold, ${totals.suppressed} suppressed), ${totals.incidents} incident updates`,
  );
  return failures > 0 ? 1 : 0;
}
