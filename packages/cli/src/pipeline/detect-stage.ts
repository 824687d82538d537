/**
 * The stateless part of `openmdr detect`, run in worker threads (or in-process with one
 * thread): parse each line, normalise Windows records to OCSF, match the Sigma rules and build
 * their findings. Intel, the behaviour detections, scoring and triage stay in the main thread.
 *
 * @module
 */
import { normalizeWindowsEvent } from '@openmdr/connectors/windows';
import { systemClock } from '@openmdr/core';
import {
  compileSigmaRules,
  loadSigmaRules,
  type SigmaEngine,
  type SigmaMatch,
  toDetectionFinding,
} from '@openmdr/detections';

/** The setup of a detect worker. */
export interface DetectStageSetup {
  readonly rules: readonly string[];
  readonly input: 'flat' | 'winlog' | 'ocsf';
  /** The `--events` argument, for finding references (`FILE:LINE`). */
  readonly events: string;
  readonly tenant: string | undefined;
}

/** A rule problem found while setting up (one line of stderr in the main thread). */
export interface DetectRuleProblem {
  readonly stage: 'loaded' | 'compiled';
  readonly code: string;
  readonly message: string;
}

/** A chunk of lines (UTF-8 bytes or text) and the 1-based number of its first line. */
export interface DetectChunk {
  readonly text: string | Uint8Array;
  readonly firstLine: number;
}

/** One non-blank line of a chunk, after the stateless stage. */
export type DetectLineResult =
  | { readonly line: number; readonly problem: string }
  | {
      readonly line: number;
      /** The OCSF event (normalised, or the input itself for `--input ocsf`). */
      readonly ocsf: Record<string, unknown> | undefined;
      /** Sigma findings with the rule's confidence. */
      readonly findings: { finding: Record<string, unknown>; ruleConfidence: number }[];
    };

/** The stage: rule problems found at setup, and the per-chunk function. */
export interface DetectStage {
  readonly problems: readonly DetectRuleProblem[];
  run(chunk: DetectChunk): DetectLineResult[];
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

/** Loads and compiles the rules (when there are any) and returns the stage. */
export async function createDetectStage(setup: DetectStageSetup): Promise<DetectStage> {
  const problems: DetectRuleProblem[] = [];
  let engine: SigmaEngine | undefined;
  if (setup.rules.length > 0) {
    const loaded = await loadSigmaRules(setup.rules);
    for (const error of loaded.errors) {
      problems.push({ stage: 'loaded', code: error.code, message: error.message });
    }
    engine = compileSigmaRules(loaded.rules, {
      filters: loaded.filters,
      validated: loaded.validated,
    });
    for (const error of engine.errors) {
      problems.push({ stage: 'compiled', code: error.code, message: error.message });
    }
  }
  const matchOptions = { input: setup.input };
  const decoder = new TextDecoder();
  return {
    problems,
    run(chunk) {
      const out: DetectLineResult[] = [];
      const text = typeof chunk.text === 'string' ? chunk.text : decoder.decode(chunk.text);
      const lines = text.split('\n');
      for (let index = 0; index < lines.length; index++) {
        const line = (lines[index] as string).replace(/\r$/, '');
        if (line.trim() === '') continue;
        const lineNumber = chunk.firstLine + index;
        let raw: Record<string, unknown> | undefined;
        let problem = 'not a JSON object';
        try {
          raw = record(JSON.parse(line));
        } catch (error) {
          problem = `not JSON: ${(error as Error).message}`;
        }
        if (raw === undefined) {
          out.push({ line: lineNumber, problem });
          continue;
        }
        let ocsf: Record<string, unknown> | undefined = setup.input === 'ocsf' ? raw : undefined;
        if (setup.input === 'winlog') {
          try {
            ocsf = normalizeWindowsEvent(raw) as Record<string, unknown>;
          } catch {
            ocsf = undefined; // Sigma still runs on the raw record
          }
        }
        const findings: { finding: Record<string, unknown>; ruleConfidence: number }[] = [];
        for (const match of engine?.match(raw, matchOptions) ?? []) {
          findings.push({
            finding: sigmaFinding(match, raw, ocsf, `${setup.events}:${lineNumber}`, setup.tenant),
            ruleConfidence: STATUS_CONFIDENCE[match.status ?? ''] ?? 0.5,
          });
        }
        out.push({ line: lineNumber, ocsf, findings });
      }
      return out;
    },
  };
}
