/**
 * Loading Sigma rules from files, directories and compiled ruleset bundles.
 *
 * @module
 */
import { open, stat } from 'node:fs/promises';
import {
  checkSigmaBundle,
  looksLikeSigmaBundle,
  readSigmaBundle,
  sigmaBundleRules,
} from './bundle.js';
import { SigmaRuleError } from './errors.js';
import {
  emptyLoadedSigmaRules,
  type LoadedSigmaRules,
  type LoadSigmaRulesOptions,
  listSigmaFiles,
  loadSigmaFiles,
} from './load-files.js';

export { type LoadedSigmaRules, type LoadSigmaRulesOptions, listSigmaFiles } from './load-files.js';

/**
 * Reads Sigma documents from files and directories (recursively, `.yml`/`.yaml`) and from
 * compiled ruleset bundles (files written by {@link writeSigmaBundle}, told by their content).
 * Goes on past bad documents and reports them in `errors`; leaves out `deprecated` and
 * `unsupported` rules by default (a bundle keeps the choice made when it was built).
 *
 * A bundle is checked for staleness against its source files first (see
 * {@link checkSigmaBundle}); a stale or unreadable bundle throws a {@link SigmaBundleError}.
 */
export async function loadSigmaRules(
  paths: string | readonly string[],
  options: LoadSigmaRulesOptions = {},
): Promise<LoadedSigmaRules> {
  const skip = new Set<string>(options.skipStatuses ?? ['deprecated', 'unsupported']);
  const result = emptyLoadedSigmaRules();
  const list = typeof paths === 'string' ? [paths] : paths;
  let parts: { bundle: boolean; paths: string[] }[];
  try {
    parts = await splitBundles(list);
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
  for (const part of parts) {
    if (part.bundle) {
      const file = part.paths[0] as string;
      const bundle = await readSigmaBundle(file);
      if (options.checkBundles !== false) {
        await checkSigmaBundle(bundle, { file, root: options.bundleRoot });
      }
      const loaded = sigmaBundleRules(bundle, file);
      result.rules.push(...loaded.rules);
      result.filters.push(...loaded.filters);
      result.correlations.push(...loaded.correlations);
      result.errors.push(...loaded.errors);
      result.skipped.push(...loaded.skipped);
      result.files.push(...loaded.files);
      continue;
    }
    let files: string[];
    try {
      files = await listSigmaFiles(part.paths);
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
    await loadSigmaFiles(files, skip, result);
  }
  result.validated = parts.length > 0 && parts.every((part) => part.bundle);
  return result;
}

/**
 * Groups the paths in order into runs of YAML paths (directories, rule files) and single
 * bundle files (files whose first bytes are gzip's magic or JSON naming the bundle format).
 */
async function splitBundles(
  paths: readonly string[],
): Promise<{ bundle: boolean; paths: string[] }[]> {
  const parts: { bundle: boolean; paths: string[] }[] = [];
  for (const path of paths) {
    const bundle = !(await stat(path)).isDirectory() && (await startsLikeBundle(path));
    const last = parts[parts.length - 1];
    if (!bundle && last !== undefined && !last.bundle) last.paths.push(path);
    else parts.push({ bundle, paths: [path] });
  }
  return parts;
}

async function startsLikeBundle(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return looksLikeSigmaBundle(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
