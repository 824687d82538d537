import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { normalizeWindowsEvent } from '@openmdr/connectors/windows';
import { OpenMdrError, systemClock } from '@openmdr/core';
import {
  type BruteForceState,
  compileSigmaRules,
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
  loadSigmaRules,
  loadStixObjects,
  type MfaFatigueState,
  matchIntel,
  resolveScoringConfig,
  resolveTriageConfig,
  type SigmaMatch,
  type TravelState,
  type TriageInput,
  type TriageState,
  toDetectionFinding,
  triageFindings,
} from '@openmdr/detections';
import { type CommandIo, UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { readInputText } from '../io/input.js';
import type { ParsedArguments } from '../options.js';
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
  };
  if (!Number.isInteger(options.batch) || options.batch < 1)
    throw new UsageError('--batch must be a positive integer');
  if (options.rules.length === 0 && options.intel.length === 0 && options.intelSources.length === 0)
    throw new UsageError('give --rules, --intel (or --intel-source) or both');
  return options;
}

const STATUS_CONFIDENCE: Record<string, number> = { stable: 0.9, test: 0.7, experimental: 0.5 };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function eventTime(
  raw: Record<string, unknown>,
  ocsfEvent: Record<string, unknown> | undefined,
): number {
  if (typeof ocsfEvent?.['time'] === 'number') return ocsfEvent['time'] as number;
  for (const key of ['time', '@timestamp', 'timestamp', 'TimeCreated', 'UtcTime']) {
    const value = raw[key];
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  }
  return systemClock.now();
}

/**
 * The Detection Finding of a Sigma match (`toDetectionFinding` of the engine: rule author and
 * licence travel with it), with the host and user of the event for scoring and grouping.
 */
function sigmaFinding(
  match: SigmaMatch,
  raw: Record<string, unknown>,
  ocsfEvent: Record<string, unknown> | undefined,
  eventRef: string,
  tenant: string | undefined,
): Record<string, unknown> {
  const finding = toDetectionFinding(match, ocsfEvent ?? raw, {
    time: eventTime(raw, ocsfEvent),
    eventRef,
  }) as unknown as Record<string, unknown>;
  const device = record(ocsfEvent?.['device']);
  const hostname =
    typeof device?.['hostname'] === 'string'
      ? device['hostname']
      : typeof raw['Computer'] === 'string'
        ? raw['Computer']
        : typeof raw['ComputerName'] === 'string'
          ? raw['ComputerName']
          : undefined;
  const user = record(record(ocsfEvent?.['actor'])?.['user']) ?? record(ocsfEvent?.['user']);
  const userName = typeof user?.['name'] === 'string' ? user['name'] : undefined;
  const metadata = record(finding['metadata']) ?? {};
  const profiles = Array.isArray(metadata['profiles']) ? (metadata['profiles'] as string[]) : [];
  return {
    ...finding,
    ...(hostname === undefined ? {} : { device: { hostname, type_id: 0 } }),
    ...(userName === undefined ? {} : { actor: { user: { name: userName } } }),
    metadata: {
      ...metadata,
      profiles: profiles.includes('host') ? profiles : [...profiles, 'host'],
      ...(tenant === undefined ? {} : { tenant_uid: tenant }),
    },
  };
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
  async run({ args, io, note, progress: startProgress, openInput }): Promise<number> {
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
    const loaded = options.rules.length > 0 ? await loadSigmaRules(options.rules) : undefined;
    for (const error of loaded?.errors ?? []) {
      failures += 1;
      io.stderr.write(`openmdr detect: rule not loaded (${error.code}): ${error.message}\n`);
    }
    const engine =
      loaded === undefined
        ? undefined
        : compileSigmaRules(loaded.rules, { filters: loaded.filters });
    for (const error of engine?.errors ?? []) {
      failures += 1;
      io.stderr.write(`openmdr detect: rule not compiled (${error.code}): ${error.message}\n`);
    }
    if (loaded !== undefined) progress.rules(loaded.rules.length);
    const intel = await loadIntel(options.intel, options.intelSources, options.tenant, io);
    failures += intel.failures;
    const input = await openInput(options.events, { progress });
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
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let lineNumber = 0;
    for await (const text of lines) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      let raw: Record<string, unknown> | undefined;
      let problem = 'not a JSON object';
      try {
        raw = record(JSON.parse(text));
      } catch (error) {
        problem = `not JSON: ${(error as Error).message}`;
      }
      if (raw === undefined) {
        failures += 1;
        io.stderr.write(`openmdr detect: ${options.events}:${lineNumber}: ${problem}\n`);
        continue;
      }
      totals.events += 1;
      let ocsfEvent: Record<string, unknown> | undefined =
        options.input === 'ocsf' ? raw : undefined;
      if (options.input === 'winlog') {
        try {
          ocsfEvent = normalizeWindowsEvent(raw) as Record<string, unknown>;
        } catch {
          ocsfEvent = undefined; // Sigma still runs on the raw record
        }
      }
      const findings: { finding: Record<string, unknown>; ruleConfidence?: number }[] = [];
      for (const match of engine?.match(raw, { input: options.input }) ?? [])
        findings.push({
          finding: sigmaFinding(
            match,
            raw,
            ocsfEvent,
            `${options.events}:${lineNumber}`,
            options.tenant,
          ),
          ruleConfidence: STATUS_CONFIDENCE[match.status ?? ''] ?? 0.5,
        });
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
    flush();
    note(
      `openmdr detect: ${totals.events} events, ${totals.findings} findings (${totals.duplicates} duplicates folded, ${totals.pending} below threshold, ${totals.suppressed} suppressed), ${totals.incidents} incident updates`,
    );
    return failures > 0 ? 1 : 0;
  },
});
