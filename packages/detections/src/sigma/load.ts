/**
 * Loading Sigma rules from files and directories.
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
   * `unsupported`, as SigmaHQ recommends.
   */
  readonly skipStatuses?: readonly SigmaStatus[] | undefined;
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
  /** The files read. */
  readonly files: string[];
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
 * Reads Sigma documents from files and directories (recursively, `.yml`/`.yaml`). Goes on
 * past bad documents and reports them in `errors`; leaves out `deprecated` and `unsupported`
 * rules by default.
 */
export async function loadSigmaRules(
  paths: string | readonly string[],
  options: LoadSigmaRulesOptions = {},
): Promise<LoadedSigmaRules> {
  const skip = new Set<string>(options.skipStatuses ?? ['deprecated', 'unsupported']);
  const result: LoadedSigmaRules = {
    rules: [],
    filters: [],
    correlations: [],
    errors: [],
    skipped: [],
    files: [],
  };
  let files: string[];
  try {
    files = await listSigmaFiles(paths);
  } catch (error) {
    result.errors.push(
      new SigmaRuleError(
        'SIGMA_YAML_INVALID',
        `cannot read ${String(paths)}`,
        {},
        { cause: error },
      ),
    );
    return result;
  }
  for (const file of files) {
    result.files.push(file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      result.errors.push(
        new SigmaRuleError(
          'SIGMA_YAML_INVALID',
          'cannot read the file',
          { file },
          { cause: error },
        ),
      );
      continue;
    }
    const parsed = parseSigmaYaml(text, file);
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
  return result;
}
