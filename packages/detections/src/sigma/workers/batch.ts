/**
 * Matching a batch of events or a chunk of JSON lines with one engine: the work a Sigma worker
 * does, also run in-process by a pool of one thread (identical results).
 *
 * @module
 */
import type { OpenMdrErrorJSON } from '@openmdr/core';
import { compileSigmaRules, type SigmaEngine, type SigmaMatch } from '../engine.js';
import { loadSigmaRules } from '../load.js';
import type { SigmaLevel, SigmaStatus } from '../types.js';

/** The serialisable subset of {@link SigmaEngineOptions} a worker pool passes to its workers. */
export interface SigmaWorkerEngineOptions {
  /** Values of `expand` placeholders. */
  readonly placeholders?: Readonly<Record<string, string | readonly string[]>> | undefined;
  /** What an `expand` placeholder without a value does (see {@link SigmaEngineOptions}). */
  readonly unresolvedPlaceholders?: 'inert' | 'error' | 'wildcard' | undefined;
  /** How events are routed to rules. */
  readonly routing?: 'indexed' | 'logsource' | 'none' | undefined;
}

/** What a worker (or the in-process fallback) needs to build its engine. */
export interface SigmaWorkerSetup {
  /** Rule paths, passed to `loadSigmaRules` as they are. */
  readonly rules: readonly string[];
  readonly engine?: SigmaWorkerEngineOptions | undefined;
  /** The kind of event (`flat`, `winlog`, `ocsf`): the `input` of `SigmaEngine.match`. */
  readonly input?: string | undefined;
}

/** One rule matching one event, as plain data (it crosses threads). */
export interface SigmaMatchSummary {
  /** The rule's position in {@link SigmaPoolReport.rules} (the engine's compiled rules). */
  readonly rule: number;
  readonly ruleId: string | undefined;
  readonly title: string;
  readonly level: SigmaLevel | undefined;
  readonly status: SigmaStatus | undefined;
  readonly tags: readonly string[];
  readonly author: string | undefined;
  readonly license: string | undefined;
  readonly evidence: readonly { readonly field: string | undefined; readonly value: unknown }[];
}

/**
 * The outcome of one non-blank line of a chunk that matched a rule or is not a JSON object
 * (lines without a match are left out). `line` is the 0-based line index within the chunk.
 */
export type SigmaLineResult =
  | { readonly line: number; readonly matches: readonly SigmaMatchSummary[] }
  | { readonly line: number; readonly error: string };

/** The outcome of a chunk of JSON lines. */
export interface SigmaChunkResult {
  /** Lines in the chunk (a final line without a newline counts; a trailing newline does not). */
  readonly lines: number;
  /** Non-blank lines that were JSON objects (matched against the rules). */
  readonly events: number;
  /** Lines with matches or errors, in line order. */
  readonly results: readonly SigmaLineResult[];
}

/** How the rules loaded: the same from every worker. */
export interface SigmaPoolReport {
  /** The compiled rules' ids and titles, in engine order (the `rule` of a summary). */
  readonly rules: readonly { readonly id: string | undefined; readonly title: string }[];
  /** Rules that did not load or compile (`SigmaRuleError.toJSON()`), loading errors first. */
  readonly errors: readonly OpenMdrErrorJSON[];
  /** Inert rules (`SigmaEngine.warnings`, as JSON). */
  readonly warnings: readonly OpenMdrErrorJSON[];
}

/** An engine built from a {@link SigmaWorkerSetup}, with its report. */
export interface SigmaBatchMatcher {
  readonly report: SigmaPoolReport;
  matchBatch(events: readonly unknown[]): SigmaMatchSummary[][];
  matchLines(chunk: string | Uint8Array): SigmaChunkResult;
}

/** Loads and compiles the rules of `setup` (what each worker does once). */
export async function createSigmaBatchMatcher(setup: SigmaWorkerSetup): Promise<SigmaBatchMatcher> {
  const loaded = await loadSigmaRules(setup.rules);
  const engine = compileSigmaRules(loaded.rules, {
    filters: loaded.filters,
    validated: loaded.validated,
    ...(setup.engine ?? {}),
  });
  const report: SigmaPoolReport = {
    rules: engine.rules.map((rule) => ({ id: rule.id, title: rule.title })),
    errors: [...loaded.errors, ...engine.errors].map((error) => error.toJSON()),
    warnings: engine.warnings.map((warning) => warning.toJSON()),
  };
  return batchMatcher(engine, report, setup.input ?? 'flat');
}

function batchMatcher(
  engine: SigmaEngine,
  report: SigmaPoolReport,
  input: string,
): SigmaBatchMatcher {
  const positions = new Map(engine.rules.map((rule, index) => [rule, index]));
  const options = { input };
  const summarise = (matches: readonly SigmaMatch[]): SigmaMatchSummary[] =>
    matches.map((match) => ({
      rule: positions.get(match.rule) ?? -1,
      ruleId: match.ruleId,
      title: match.title,
      level: match.level,
      status: match.status,
      tags: match.tags,
      author: match.author,
      license: match.license,
      evidence: match.evidence,
    }));
  const decoder = new TextDecoder();
  return {
    report,
    matchBatch: (events) => events.map((event) => summarise(engine.match(event, options))),
    matchLines(chunk) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk);
      const results: SigmaLineResult[] = [];
      let events = 0;
      let line = 0;
      let start = 0;
      const end = text.length;
      while (start < end) {
        let stop = text.indexOf('\n', start);
        if (stop < 0) stop = end;
        const current = line++;
        let last = stop;
        if (last > start && text.charCodeAt(last - 1) === 13) last--;
        const from = start;
        start = stop + 1;
        if (!hasContent(text, from, last)) continue;
        let event: unknown;
        const source = text.slice(from, last);
        try {
          event = JSON.parse(source);
        } catch (parseError) {
          // Unicode white space only (what String#trim also removes): a blank line.
          if (source.trim() === '') continue;
          results.push({ line: current, error: `not JSON: ${(parseError as Error).message}` });
          continue;
        }
        if (typeof event !== 'object' || event === null || Array.isArray(event)) {
          results.push({ line: current, error: 'not a JSON object' });
          continue;
        }
        events++;
        const matches = engine.match(event, options);
        if (matches.length > 0) results.push({ line: current, matches: summarise(matches) });
      }
      return { lines: line, events, results };
    },
  };
}

/** True when `text[from, to)` has a character other than JSON whitespace. */
function hasContent(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 13 && code !== 10) return true;
  }
  return false;
}
