/**
 * Listing and parsing Sigma YAML files: a bounded read-ahead keeps the disk busy while the main
 * thread parses, in file order.
 *
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SigmaRuleError } from './errors.js';
import { parseSigmaYaml } from './parse.js';
import type { SigmaCorrelationDocument, SigmaFilter, SigmaRule, SigmaStatus } from './types.js';

/** Options of {@link loadSigmaRules}. */
export interface LoadSigmaRulesOptions {
  /**
   * Rule statuses to leave out (reported in `skipped`). Defaults to `deprecated` and
   * `unsupported`, as SigmaHQ recommends. A bundle keeps the choice made when it was built.
   */
  readonly skipStatuses?: readonly SigmaStatus[] | undefined;
  /**
   * For bundle files: the directory their recorded source paths are relative to (default: the
   * root recorded in the bundle). See {@link checkSigmaBundle}.
   */
  readonly bundleRoot?: string | undefined;
  /** For bundle files: check them for staleness against their sources (default `true`). */
  readonly checkBundles?: boolean | undefined;
}

/** What {@link loadSigmaRules} found. */
export interface LoadedSigmaRules {
  /** Detection rules, in file order. */
  readonly rules: SigmaRule[];
  /** Meta-filters. */
  readonly filters: SigmaFilter[];
  /** Correlation documents (for the correlation engine). */
  readonly correlations: SigmaCorrelationDocument[];
  /** Documents that could not be read or are invalid; loading went on past them. */
  readonly errors: SigmaRuleError[];
  /** Rules left out by status. */
  readonly skipped: SigmaRule[];
  /** The files read (for a bundle, the bundle file). */
  readonly files: string[];
  /**
   * Every rule came from a bundle, whose build compiled each rule: give this as
   * `validated` to {@link compileSigmaRules} to compile regular expressions on first use.
   */
  validated: boolean;
}

/** An empty {@link LoadedSigmaRules}. */
export function emptyLoadedSigmaRules(): LoadedSigmaRules {
  return {
    rules: [],
    filters: [],
    correlations: [],
    errors: [],
    skipped: [],
    files: [],
    validated: false,
  };
}

/** Every `.yml`/`.yaml` file under the given files and directories, sorted. */
export async function listSigmaFiles(paths: string | readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const child = join(path, entry.name);
        if (entry.isDirectory()) await visit(child);
        else if (/\.ya?ml$/i.test(entry.name)) out.push(child);
      }
    } else {
      out.push(path);
    }
  };
  for (const path of typeof paths === 'string' ? [paths] : paths) await visit(path);
  return out;
}

/**
 * Reads and parses the given YAML files in order into `result`, leaving out rules whose status
 * is in `skip`. `onRead` sees each file's bytes (the bundle builder hashes them).
 */
export async function loadSigmaFiles(
  files: readonly string[],
  skip: ReadonlySet<string>,
  result: LoadedSigmaRules,
  onRead?: (file: string, bytes: Buffer) => void,
): Promise<void> {
  const texts = readAhead(files, READ_AHEAD);
  for (let index = 0; index < files.length; index++) {
    const file = files[index] as string;
    result.files.push(file);
    const bytes = await texts.next(index);
    if (!Buffer.isBuffer(bytes)) {
      result.errors.push(
        new SigmaRuleError(
          'SIGMA_YAML_INVALID',
          'cannot read the file',
          { file },
          { cause: bytes.error },
        ),
      );
      continue;
    }
    onRead?.(file, bytes);
    const parsed = parseSigmaYaml(bytes.toString('utf8'), file);
    result.errors.push(...parsed.errors);
    for (const document of parsed.documents) {
      if (document.kind === 'rule') {
        if (document.status !== undefined && skip.has(document.status))
          result.skipped.push(document);
        else result.rules.push(document);
      } else if (document.kind === 'filter') result.filters.push(document);
      else result.correlations.push(document);
    }
  }
}

/** How many files are read ahead of the one being parsed. */
const READ_AHEAD = 32;

type ReadOutcome = Buffer | { error: unknown };

/**
 * Reads files in order with up to `window` reads in flight ahead of the consumer, so that the
 * disk (libuv's thread pool) works while the main thread parses. `next(i)` must be called with
 * i = 0, 1, 2, …
 */
function readAhead(
  files: readonly string[],
  window: number,
): { next(index: number): Promise<ReadOutcome> } {
  const pending: Promise<ReadOutcome>[] = [];
  let started = 0;
  const start = (): void => {
    const file = files[started];
    if (file === undefined) return;
    pending[started++] = readFile(file).then(
      (bytes) => bytes,
      (error: unknown) => ({ error }),
    );
  };
  while (started < Math.min(window, files.length)) start();
  return {
    async next(index) {
      const outcome = pending[index] as Promise<ReadOutcome>;
      delete pending[index];
      start();
      return outcome;
    },
  };
}
