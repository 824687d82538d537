import { createReadStream } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { cloudtrailNormalizeSources } from '@openmdr/connectors/cloudtrail';
import { crowdstrikeNormalizeSources } from '@openmdr/connectors/crowdstrike';
import { darktraceNormalizeSources } from '@openmdr/connectors/darktrace';
import { defenderNormalizeSources } from '@openmdr/connectors/defender';
import { elasticNormalizeSources } from '@openmdr/connectors/elastic';
import { entraNormalizeSources } from '@openmdr/connectors/entra';
import { guarddutyNormalizeSources } from '@openmdr/connectors/guardduty';
import { oktaNormalizeSources } from '@openmdr/connectors/okta';
import { securityhubNormalizeSources } from '@openmdr/connectors/securityhub';
import { sentinelNormalizeSources } from '@openmdr/connectors/sentinel';
import { sentineloneNormalizeSources } from '@openmdr/connectors/sentinelone';
import { splunkNormalizeSources } from '@openmdr/connectors/splunk';
import { suricataNormalizeSources } from '@openmdr/connectors/suricata';
import { normalizeWindowsEvent } from '@openmdr/connectors/windows';
import { zeekNormalizeSources } from '@openmdr/connectors/zeek';
import { type Command, type CommandIo, UsageError } from '../command.js';
import { type InputRecord, readJsonLines } from '../pipeline/normalize-lines.js';
import { runNormalize } from '../pipeline/normalize-run.js';
import { defaultThreads, parseThreads } from '../pipeline/threads-option.js';
import { pageRecords, recordEnvelopes } from './normalize-envelopes.js';

/** Options a {@link NormalizeSource} receives for every record. */
export interface NormalizeSourceOptions {
  /** Keep the original record in the OCSF `raw_data` attribute. */
  readonly includeRawData: boolean;
}

/**
 * A kind of raw record `openmdr normalize` turns into OCSF: an id for `--source` and a pure
 * function from one parsed JSON record to one OCSF event. `normalize` throws an
 * {@link OpenMdrError} (e.g. `NormalizationError`, code `NORMALIZE_FAILED`, with
 * `details.path`) for a record it cannot normalise.
 */
export interface NormalizeSource {
  readonly id: string;
  /** One line for the usage text. */
  readonly summary: string;
  normalize(raw: unknown, options: NormalizeSourceOptions): Record<string, unknown>;
}

/** The Windows Event Log / Sysmon normaliser of `@openmdr/connectors/windows`. */
export const windowsNormalizeSource: NormalizeSource = {
  id: 'windows',
  summary: 'Windows Event Log records as exported ({"Event":{"System":…,"EventData":…}})',
  normalize: (raw, options) =>
    normalizeWindowsEvent(raw, { includeRawData: options.includeRawData }),
};

/**
 * The sources of `openmdr normalize`. Connectors add theirs here (one entry each); use
 * {@link createNormalizeCommand} to build the command over another list.
 */
export const normalizeSources: readonly NormalizeSource[] = [
  windowsNormalizeSource,
  ...oktaNormalizeSources,
  ...entraNormalizeSources,
  ...crowdstrikeNormalizeSources,
  ...defenderNormalizeSources,
  ...sentineloneNormalizeSources,
  ...zeekNormalizeSources,
  ...suricataNormalizeSources,
  ...darktraceNormalizeSources,
  ...splunkNormalizeSources,
  ...elasticNormalizeSources,
  ...sentinelNormalizeSources,
  ...cloudtrailNormalizeSources,
  ...guarddutyNormalizeSources,
  ...securityhubNormalizeSources,
];

/** The error line written for a record that could not be normalised. */
export interface NormalizeErrorLine {
  error: { code: string; message: string; path?: string };
  /** 1-based input line number. */
  line: number;
}

function usageText(sources: readonly NormalizeSource[]): string {
  return `Usage: openmdr normalize --source SOURCE [--raw-data] [--validate] [--threads N] [FILE|-]

Normalises raw records read from FILE or standard input ('-' or no FILE) to OCSF 1.8.0 events.
The input is JSON lines (a record, an array of records or a vendor page per line), a Zeek TSV log
(recognised by its #separator header), or one JSON document (an array of records or a vendor
page); gzip input (a FILE ending in .gz, or the gzip magic bytes) is gunzipped first. Vendor
pages are unwrapped to their records:
${recordEnvelopes.map((envelope) => `  - ${envelope.name}`).join('\n')}
Writes one line per record: the OCSF event, or for a record that cannot be normalised
  {"error":{"code":"NORMALIZE_FAILED","message":"…","path":"Event.System.EventID"},"line":3}
Blank lines are skipped. Exit code 0 when every record was normalised, 1 when any failed,
2 on usage errors.

Sources:
${sources.map((source) => `  ${source.id.padEnd(10)}  ${source.summary}`).join('\n')}

Options:
  --source SOURCE   the kind of records (required)
  --raw-data        keep each original record in the event's raw_data attribute
  --validate        validate each event (strict); an invalid one becomes an error line
                    with code OCSF_VALIDATION
  --threads N       worker threads normalising chunks of JSON lines (default: every core;
                    output keeps the input order); 1 normalises in-process`;
}

async function openInput(
  file: string | undefined,
  io: CommandIo,
): Promise<NodeJS.ReadableStream | string> {
  if (file === undefined || file === '-') return io.stdin;
  const stream = createReadStream(file);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    return `cannot read ${file}: ${(error as Error).message}`;
  }
  return stream;
}

/** True for gzip data: the magic bytes `1f 8b`. */
const isGzip = (bytes: Buffer): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * The text of an input: its bytes as UTF-8, gunzipped first when FILE ends in `.gz` or the bytes
 * start with the gzip magic (CloudTrail log files as S3 delivers them); a message when they
 * cannot be gunzipped.
 */
async function readInputText(
  input: NodeJS.ReadableStream,
  file: string | undefined,
): Promise<string | { error: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  let bytes = Buffer.concat(chunks);
  if (file?.endsWith('.gz') || isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      return { error: `cannot gunzip ${file ?? 'standard input'}: ${(error as Error).message}` };
    }
  }
  return bytes.toString('utf8');
}

/**
 * Splits the input into records. JSON lines (one record, array or vendor page per line) are
 * read line by line; an input that is one JSON document over several lines (a pretty-printed
 * array or page) is read whole; a leading byte order mark is ignored. `line` is the 1-based
 * input line, or the 1-based position of the record in a whole-document input.
 */
export function* readRecords(input: string): Generator<InputRecord> {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const lines = text.split(/\r?\n/);
  const firstLine = lines.find((line) => line.trim() !== '');
  if (firstLine?.startsWith('#separator')) {
    yield* readZeekTsv(lines);
    return;
  }
  if (firstLine !== undefined && lines.filter((line) => line.trim() !== '').length > 1) {
    let firstParses = true;
    try {
      JSON.parse(firstLine);
    } catch {
      firstParses = false;
    }
    if (!firstParses) {
      try {
        const whole: unknown = JSON.parse(text);
        const records = pageRecords(whole) ?? [whole];
        for (let index = 0; index < records.length; index++) {
          yield { line: index + 1, raw: records[index] };
        }
        return;
      } catch {
        // not one document either: fall through to line-by-line errors
      }
    }
  }
  yield* readJsonLines(lines);
}

/**
 * A Zeek TSV log (recognised by its `#separator` header): each data line becomes a
 * `{ text, header }` line as the Zeek normaliser reads it (the `#` header lines before it;
 * a `#close` or a new header block later in the file is followed).
 */
function* readZeekTsv(lines: readonly string[]): Generator<InputRecord> {
  let header: string[] = [];
  let inHeader = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      if (!inHeader) header = [];
      inHeader = true;
      if (!line.startsWith('#close')) header.push(line);
      continue;
    }
    inHeader = false;
    yield { line: index + 1, raw: { text: line, header } };
  }
}

/** Builds `openmdr normalize` over a list of sources. */
export function createNormalizeCommand(sources: readonly NormalizeSource[]): Command {
  const usage = usageText(sources);
  return {
    path: ['normalize'],
    summary: 'Normalise raw records (JSON lines, a JSON array or a vendor page) to OCSF events',
    usage,
    async run(args: string[], io: CommandIo): Promise<number> {
      let sourceId: string | undefined;
      let includeRawData = false;
      let validate = false;
      let threads = defaultThreads();
      let file: string | undefined;
      for (let index = 0; index < args.length; index++) {
        const argument = args[index] as string;
        if (argument === '--source') {
          sourceId = args[++index];
          if (sourceId === undefined) throw new UsageError('--source needs a value');
        } else if (argument.startsWith('--source=')) sourceId = argument.slice('--source='.length);
        else if (argument === '--raw-data') includeRawData = true;
        else if (argument === '--validate') validate = true;
        else if (argument === '--threads') threads = parseThreads(args[++index]);
        else if (argument.startsWith('--')) throw new UsageError(`unknown option ${argument}`);
        else if (file === undefined) file = argument;
        else throw new UsageError('only one FILE may be given');
      }
      if (sourceId === undefined) throw new UsageError('--source is required');
      const source = sources.find((candidate) => candidate.id === sourceId);
      if (source === undefined) {
        throw new UsageError(
          `unknown source '${sourceId}' (known: ${sources.map((candidate) => candidate.id).join(', ')})`,
        );
      }
      const input = await openInput(file, io);
      if (typeof input === 'string') {
        io.stderr.write(`openmdr normalize: ${input}\n`);
        return 2;
      }
      const text = await readInputText(input, file === '-' ? undefined : file);
      if (typeof text !== 'string') {
        io.stderr.write(`openmdr normalize: ${text.error}\n`);
        return 2;
      }
      return runNormalize(
        {
          text,
          source,
          builtIn: normalizeSources.includes(source),
          includeRawData,
          validate,
          threads,
        },
        io,
      );
    },
  };
}

/** `openmdr normalize --source windows [FILE|-]`. */
export const normalizeCommand: Command = createNormalizeCommand(normalizeSources);
