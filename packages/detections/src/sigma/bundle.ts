/**
 * Compiled Sigma ruleset bundles: the parsed rules of a rule tree in one versioned JSON document
 * (gzip'd when its name ends with `.gz`), loaded without YAML parsing and checked for staleness
 * against the rule files it was built from.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { VERSION } from '../version.js';
import { compileSigmaRules } from './engine.js';
import { SigmaBundleError, SigmaRuleError, type SigmaRuleErrorCode } from './errors.js';
import {
  emptyLoadedSigmaRules,
  type LoadedSigmaRules,
  type LoadSigmaRulesOptions,
  listSigmaFiles,
  loadSigmaFiles,
} from './load-files.js';
import { rebuildSigmaDocument, sigmaDocumentPositions } from './parse.js';
import type {
  SigmaCorrelationDocument,
  SigmaDocument,
  SigmaFilter,
  SigmaRule,
  SigmaSource,
} from './types.js';

const gzipAsync = promisify(gzip);

/** The `format` of every Sigma bundle. */
export const SIGMA_BUNDLE_FORMAT = 'openmdr-sigma-bundle';
/** The bundle `version` this engine writes and reads. */
export const SIGMA_BUNDLE_VERSION = 2;

/** The licence note every bundle carries. */
export const SIGMA_BUNDLE_LICENCE_NOTE =
  'Rules from the SigmaHQ repository are licensed under the Detection Rule License (DRL) 1.1: ' +
  'each rule keeps its author (and licence when it names one), and the authors must travel with ' +
  'the alerts the rules raise.';

/** One rule file a bundle was built from. */
export interface SigmaBundleSource {
  /** Its path relative to the bundle's root, with `/` separators. */
  readonly path: string;
  /** Its size in bytes. */
  readonly size: number;
  /** Its modification time (ms since the epoch) when the bundle was built. */
  readonly mtimeMs: number;
  /** The SHA-256 of its bytes, hex. */
  readonly sha256: string;
}

/**
 * A document as a bundle stores it: the parsed YAML value and where it came from; the
 * `SigmaDocument` fields are rebuilt from `raw` on load (no YAML parsing), the positions of its
 * detection items and condition from `positions`.
 */
export interface SigmaBundleDocument {
  /** The document as parsed from YAML (`SigmaDocument.raw`). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** Where it came from (`SigmaDocument.source`). */
  readonly source: SigmaSource;
  /**
   * `[line, column, …]` of each detection item (search by search, in order) and then of the
   * condition; `0, 0` where unknown; absent for correlation documents.
   */
  readonly positions?: readonly number[];
}

/** A rule problem as a bundle stores it. */
export interface SigmaBundleStoredError {
  /** The {@link SigmaRuleError} code. */
  readonly code: SigmaRuleErrorCode;
  /** The message without the location suffix. */
  readonly message: string;
  /** The rule file. */
  readonly file?: string | undefined;
  /** 1-based line. */
  readonly line?: number | undefined;
  /** 1-based column. */
  readonly column?: number | undefined;
  /** The rule id (or name, or title). */
  readonly ruleId?: string | undefined;
  /** The offending key path. */
  readonly key?: string | undefined;
}

/** A compiled Sigma ruleset bundle (format `openmdr-sigma-bundle`, version 2). */
export interface SigmaBundle {
  /** Always {@link SIGMA_BUNDLE_FORMAT}. */
  readonly format: typeof SIGMA_BUNDLE_FORMAT;
  /** {@link SIGMA_BUNDLE_VERSION}. */
  readonly version: typeof SIGMA_BUNDLE_VERSION;
  /** The `@openmdr/detections` version that built it. */
  readonly engine: string;
  /** When it was built (ISO 8601). */
  readonly created: string;
  /** The absolute directory the `inputs` and `sources` paths are relative to, when built. */
  readonly root: string;
  /** The rule files and directories given, relative to `root`. */
  readonly inputs: readonly string[];
  /** The rule statuses left out (in `skipped`). */
  readonly skipStatuses: readonly string[];
  /** Every rule file read, in load order. */
  readonly sources: readonly SigmaBundleSource[];
  /** Licences: the SigmaHQ note, and how many rules name each `license` (`unspecified` when none). */
  readonly licences: { readonly note: string; readonly rules: Readonly<Record<string, number>> };
  /** The detection rules, in load order. */
  readonly rules: readonly SigmaBundleDocument[];
  /** The meta-filters. */
  readonly filters: readonly SigmaBundleDocument[];
  /** The correlation documents. */
  readonly correlations: readonly SigmaBundleDocument[];
  /** The rules left out by status (absent when none). */
  readonly skipped?: readonly SigmaBundleDocument[];
  /** The documents that did not parse (absent when none). */
  readonly errors?: readonly SigmaBundleStoredError[];
}

/** Options of {@link createSigmaBundle}. */
export interface CreateSigmaBundleOptions {
  /** As for {@link loadSigmaRules}; default `deprecated` and `unsupported`. */
  readonly skipStatuses?: LoadSigmaRulesOptions['skipStatuses'];
  /**
   * The directory source paths are recorded relative to. Default: the deepest directory holding
   * every given path (a single directory given is its own root).
   */
  readonly root?: string | undefined;
}

/**
 * Reads and parses the Sigma rules under `paths` (files and directories, as
 * {@link loadSigmaRules}) into a bundle, recording each source file's size, modification time
 * and SHA-256 so that {@link checkSigmaBundle} can tell when it is stale. Each rule is
 * compiled once: a rule that does not compile is stored among the `errors` instead of the
 * `rules`, so the rules of a bundle may be compiled with option `validated`.
 */
export async function createSigmaBundle(
  paths: string | readonly string[],
  options: CreateSigmaBundleOptions = {},
): Promise<SigmaBundle> {
  const list = typeof paths === 'string' ? [paths] : [...paths];
  const absolute = list.map((path) => resolve(path));
  const root = resolve(options.root ?? (await commonRoot(absolute)));
  const skipStatuses = [...(options.skipStatuses ?? ['deprecated', 'unsupported'])];
  const files = await listSigmaFiles(list);
  const loaded = emptyLoadedSigmaRules();
  const hashes = new Map<string, { size: number; sha256: string }>();
  await loadSigmaFiles(files, new Set(skipStatuses), loaded, (file, bytes) => {
    hashes.set(file, {
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });
  const sources: SigmaBundleSource[] = [];
  for (const file of files) {
    const hash = hashes.get(file);
    if (hash === undefined) continue; // unreadable: reported in errors
    const info = await stat(file);
    sources.push({
      path: relativePath(root, file),
      mtimeMs: info.mtimeMs,
      ...hash,
    });
  }
  // Compile the rules once: those that do not compile become errors, so that the bundle's rules
  // may be compiled with `validated` (regular expressions on first use).
  // (Without filters, every error of the engine is a rule's.)
  const engine = compileSigmaRules(loaded.rules);
  const compiled = new Set<SigmaRule>(engine.rules);
  const rules = loaded.rules.filter((rule) => compiled.has(rule));
  const errors = [...loaded.errors, ...engine.errors];
  const licences: Record<string, number> = {};
  for (const rule of [...rules, ...loaded.filters, ...loaded.correlations]) {
    const licence = rule.license ?? 'unspecified';
    licences[licence] = (licences[licence] ?? 0) + 1;
  }
  return {
    format: SIGMA_BUNDLE_FORMAT,
    version: SIGMA_BUNDLE_VERSION,
    engine: VERSION,
    created: new Date().toISOString(),
    root,
    inputs: absolute.map((path) => relativePath(root, path)),
    skipStatuses,
    sources,
    licences: { note: SIGMA_BUNDLE_LICENCE_NOTE, rules: licences },
    rules: rules.map(storeDocument),
    filters: loaded.filters.map(storeDocument),
    correlations: loaded.correlations.map(storeDocument),
    ...(loaded.skipped.length > 0 ? { skipped: loaded.skipped.map(storeDocument) } : {}),
    ...(errors.length > 0 ? { errors: errors.map(storeError) } : {}),
  };
}

/** Writes a bundle as JSON, gzip'd when `file` ends with `.gz`; resolves to the bytes written. */
export async function writeSigmaBundle(bundle: SigmaBundle, file: string): Promise<number> {
  // ASCII only (`\uXXXX` escapes): read back, it decodes to a one-byte string, where a single
  // character past U+00FF would make the whole text two bytes a character (13 MB, not 6.4 MB,
  // for the SigmaHQ rules).
  const json = Buffer.from(
    JSON.stringify(bundle).replace(
      /[\u0080-\uffff]/g,
      (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
  );
  const bytes = /\.gz$/i.test(file) ? await gzipAsync(json) : json;
  await writeFile(file, bytes);
  return bytes.length;
}

/**
 * Reads a bundle file (JSON or gzip'd JSON, told by its content). Throws a
 * {@link SigmaBundleError} `SIGMA_BUNDLE_INVALID` when it is not a bundle of a format and version
 * this engine reads. Does not check staleness: see {@link checkSigmaBundle}.
 */
export async function readSigmaBundle(file: string): Promise<SigmaBundle> {
  return parseSigmaBundle(await readFile(file), file);
}

/** Parses the bytes of a bundle file (see {@link readSigmaBundle}). */
export async function parseSigmaBundle(bytes: Buffer, file?: string): Promise<SigmaBundle> {
  let value: unknown;
  try {
    // Synchronous: the asynchronous gunzip kept its input and output buffers reachable after
    // it resolved (8 MB for the SigmaHQ bundle), and nothing else runs meanwhile anyway.
    const json = isGzip(bytes) ? gunzipSync(bytes) : bytes;
    value = JSON.parse(json.toString('utf8'));
  } catch (error) {
    throw new SigmaBundleError(
      'SIGMA_BUNDLE_INVALID',
      `${file ?? 'the bundle'} is not a Sigma bundle (neither JSON nor gzip'd JSON)`,
      { file },
      { cause: error },
    );
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  if (record['format'] !== SIGMA_BUNDLE_FORMAT) {
    throw new SigmaBundleError(
      'SIGMA_BUNDLE_INVALID',
      `${file ?? 'the bundle'} is not a Sigma bundle (format ${JSON.stringify(record['format'])}, expected '${SIGMA_BUNDLE_FORMAT}')`,
      { file },
    );
  }
  if (record['version'] !== SIGMA_BUNDLE_VERSION) {
    throw new SigmaBundleError(
      'SIGMA_BUNDLE_INVALID',
      `${file} is a Sigma bundle of version ${JSON.stringify(record['version'])}; this engine reads version ${SIGMA_BUNDLE_VERSION}: rebuild it with 'openmdr sigma bundle'`,
      { file },
    );
  }
  for (const key of ['rules', 'filters', 'correlations', 'sources', 'inputs'] as const) {
    if (!Array.isArray(record[key])) {
      throw new SigmaBundleError('SIGMA_BUNDLE_INVALID', `${file} has no '${key}' list`, { file });
    }
  }
  return value as SigmaBundle;
}

/** True when the bytes start a bundle: gzip magic, or JSON naming the bundle format. */
export function looksLikeSigmaBundle(head: Buffer): boolean {
  if (isGzip(head)) return true;
  const text = head.toString('utf8').trimStart();
  return text.startsWith('{') && text.includes(`"${SIGMA_BUNDLE_FORMAT}"`);
}

/** Options of {@link checkSigmaBundle}. */
export interface CheckSigmaBundleOptions {
  /** The directory the bundle's paths are relative to (default: the root it records). */
  readonly root?: string | undefined;
  /** The bundle file, for messages. */
  readonly file?: string | undefined;
}

/**
 * Checks a bundle against its source rule files. When its root is reachable, a rule file that
 * changed, was removed or was added under its inputs makes it stale: throws a
 * {@link SigmaBundleError} `SIGMA_BUNDLE_STALE` naming the first such file. A bundle built by
 * another engine version is stale too. Resolves to `false` when the root is not reachable (a
 * bundle shipped without its sources), `true` when the bundle is current.
 *
 * Cheap on every load: the files are listed and `stat`ed; a file is hashed only when its size is
 * the same and its modification time differs from the recorded one.
 */
export async function checkSigmaBundle(
  bundle: SigmaBundle,
  options: CheckSigmaBundleOptions = {},
): Promise<boolean> {
  const file = options.file;
  const stale = (source: string | undefined, why: string): SigmaBundleError =>
    new SigmaBundleError(
      'SIGMA_BUNDLE_STALE',
      `the Sigma bundle${file === undefined ? '' : ` ${file}`} is stale: ${why}; rebuild it with 'openmdr sigma bundle'`,
      { file, source },
    );
  if (bundle.engine !== VERSION) {
    throw stale(
      undefined,
      `it was built by @openmdr/detections ${bundle.engine}, this is ${VERSION}`,
    );
  }
  const root = resolve(options.root ?? bundle.root);
  if (!isDirectory(root)) return false;
  // Synchronous on purpose: a few thousand stat calls take milliseconds, where as many awaits
  // cost far more on a busy event loop. One walk lists the files (directory entries tell files
  // from directories, so only the files are stat'ed), then each file is stat'ed once.
  const recorded = new Map(bundle.sources.map((source) => [source.path, source]));
  const current: ListedFile[] = [];
  for (const input of bundle.inputs) {
    if (!listSync(resolve(root, input), input === '.' ? '' : input, current)) {
      const first = bundle.sources.find(
        (source) => source.path === input || source.path.startsWith(`${input}/`),
      );
      throw stale(first?.path ?? input, `${first?.path ?? input} was removed`);
    }
  }
  if (current.length !== recorded.size) {
    const present = new Set(current.map((listed) => listed.path));
    for (const source of bundle.sources) {
      if (!present.has(source.path)) throw stale(source.path, `${source.path} was removed`);
    }
  }
  for (const { path, absolute } of current) {
    const source = recorded.get(path);
    if (source === undefined) throw stale(path, `${path} was added`);
    const info = statSync(absolute, { throwIfNoEntry: false });
    if (info === undefined) throw stale(path, `${path} was removed`);
    if (info.size !== source.size) throw stale(path, `${path} changed`);
    if (info.mtimeMs === source.mtimeMs) continue;
    const sha256 = createHash('sha256').update(readFileSync(absolute)).digest('hex');
    if (sha256 !== source.sha256) throw stale(path, `${path} changed`);
  }
  return true;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A rule file found by {@link listSync}. */
interface ListedFile {
  /** Relative to the bundle's root, `/`-separated. */
  readonly path: string;
  readonly absolute: string;
}

/**
 * Appends the `.yml`/`.yaml` files under `path` (whose path relative to the root is `relative`,
 * `''` for the root itself), in the order {@link listSigmaFiles} gives; false when `path` does
 * not exist.
 */
function listSync(path: string, relative: string, out: ListedFile[]): boolean {
  let info: Stats | undefined;
  try {
    info = statSync(path, { throwIfNoEntry: false });
  } catch {
    return false;
  }
  if (info === undefined) return false;
  if (!info.isDirectory()) {
    out.push({ path: relative, absolute: path });
    return true;
  }
  walkSync(path, relative, out);
  return true;
}

function walkSync(directory: string, relative: string, out: ListedFile[]): void {
  const entries = readdirSync(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const prefix = relative === '' ? '' : `${relative}/`;
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith('.')) continue;
    const child = `${directory}${sep}${name}`;
    if (entry.isDirectory()) walkSync(child, prefix + name, out);
    else if (/\.ya?ml$/i.test(name)) out.push({ path: prefix + name, absolute: child });
  }
}

/** The rules of a bundle, as {@link loadSigmaRules} returns them. */
export function sigmaBundleRules(bundle: SigmaBundle, file?: string): LoadedSigmaRules {
  return {
    rules: bundle.rules.map(restoreDocument) as SigmaRule[],
    filters: bundle.filters.map(restoreDocument) as SigmaFilter[],
    correlations: bundle.correlations.map(restoreDocument) as SigmaCorrelationDocument[],
    skipped: (bundle.skipped ?? []).map(restoreDocument) as SigmaRule[],
    errors: (bundle.errors ?? []).map(restoreError),
    files: file === undefined ? [] : [file],
    validated: true,
  };
}

function storeDocument(document: SigmaDocument): SigmaBundleDocument {
  if (document.kind === 'correlation') return { raw: document.raw, source: document.source };
  return {
    raw: document.raw,
    source: document.source,
    positions: sigmaDocumentPositions(document),
  };
}

function restoreDocument(document: SigmaBundleDocument): SigmaDocument {
  return rebuildSigmaDocument(document.raw, document.source, document.positions ?? []);
}

function storeError(error: SigmaRuleError): SigmaBundleStoredError {
  const location = {
    file: error.file,
    line: error.line,
    column: error.column,
    ruleId: error.ruleId,
    key: error.key,
  };
  // The message carries a location suffix the constructor adds again on restore.
  const suffix = new SigmaRuleError(error.code, '', location).message;
  const message =
    suffix !== '' && error.message.endsWith(suffix)
      ? error.message.slice(0, -suffix.length)
      : error.message;
  return { code: error.code, message, ...location };
}

function restoreError(error: SigmaBundleStoredError): SigmaRuleError {
  const { code, message, ...location } = error;
  return new SigmaRuleError(code, message, location);
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function relativePath(root: string, path: string): string {
  const rel = relative(root, resolve(path));
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

async function commonRoot(paths: readonly string[]): Promise<string> {
  const directories = await Promise.all(
    paths.map(async (path) => ((await stat(path)).isDirectory() ? path : dirname(path))),
  );
  let root = directories[0] ?? process.cwd();
  for (const directory of directories.slice(1)) {
    while (root !== dirname(root) && relative(root, directory).startsWith('..')) {
      root = dirname(root);
    }
  }
  return isAbsolute(root) ? root : resolve(root);
}
