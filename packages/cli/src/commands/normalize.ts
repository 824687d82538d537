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
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { type InputRecord, readJsonLines } from '../pipeline/normalize-lines.js';
import { runNormalize } from '../pipeline/normalize-run.js';
import { THREADS_OPTION, threadsOf } from '../pipeline/threads-option.js';
import { pageRecords, recordEnvelopes } from './normalize-envelopes.js';

/** Options a {@link NormalizeSource} receives for every record. */
export interface NormalizeSourceOptions {
  /** Keep the original record in the OCSF `raw_data` attribute. */
  readonly includeRawData: boolean;
}

/**
 * A kind of raw record `openmdr normalize` turns into OCSF: an id for `--source` and a pure
 * function from one parsed JSON record to one OCSF event. `normalize` throws an
 * `OpenMdrError` (e.g. `NormalizationError`, code `NORMALIZE_FAILED`, with
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

function descriptionText(sources: readonly NormalizeSource[]): string {
  return `Normalises raw records read from FILE or standard input ('-' or no FILE) to OCSF 1.8.0 events.
The input is JSON lines (a record, an array of records or a vendor page per line), a Zeek TSV log
(recognised by its #separator header), or one JSON document (an array of records or a vendor
page); gzip input (a FILE ending in .gz, or the gzip magic bytes) is gunzipped first. Vendor
pages are unwrapped to their records:
${recordEnvelopes.map((envelope) => `  - ${envelope.name}`).join('\n')}
Blank lines are skipped.

Sources:
${sources.map((source) => `  ${source.id.padEnd(10)}  ${source.summary}`).join('\n')}`;
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
export function createNormalizeCommand(sources: readonly NormalizeSource[]): DefinedCommand {
  return defineCommand({
    path: ['normalize'],
    summary: 'Normalise raw records (JSON lines, a JSON array or a vendor page) to OCSF events',
    description: descriptionText(sources),
    options: [
      {
        name: 'source',
        type: 'string',
        valueName: 'SOURCE',
        required: '--source is required',
        description: 'the kind of records (see Sources)',
      },
      {
        name: 'raw-data',
        type: 'boolean',
        description: "keep each original record in the event's raw_data attribute",
      },
      {
        name: 'validate',
        type: 'boolean',
        description:
          'validate each event (strict); an invalid one becomes an error line with code OCSF_VALIDATION',
      },
      THREADS_OPTION,
    ],
    positionals: [
      { name: 'FILE|-', description: "the raw records; '-' or none reads standard input" },
    ],
    output: `One line per record, in input order: the OCSF event, or for a record that cannot be normalised
{"error":{"code":"NORMALIZE_FAILED","message":"…","path":"Event.System.EventID"},"line":3}`,
    exitCodes: {
      0: 'every record was normalised',
      1: 'a record could not be normalised (or, with --validate, was not valid OCSF)',
      2: 'usage error: an unknown option or source, a missing value, an input that cannot be read or gunzipped',
    },
    examples: [
      {
        command: 'openmdr normalize --source windows --validate security.jsonl',
        description: 'Windows Event Log records to validated OCSF events',
      },
      {
        command: 'openmdr normalize --source cloudtrail --output events.jsonl trail.json.gz',
        description: 'a CloudTrail log file as S3 delivers it (gzip) to a file of OCSF events',
      },
      {
        command: 'openmdr normalize --source splunk/notables --raw-data -',
        description: 'a saved Splunk search response from standard input, keeping each raw record',
      },
    ],
    async run({ args, io, progress, readInputText }): Promise<number> {
      const sourceId = args.string('source') as string;
      const includeRawData = args.flag('raw-data');
      const validate = args.flag('validate');
      const file = args.positionals[0];
      const source = sources.find((candidate) => candidate.id === sourceId);
      if (source === undefined) {
        throw new UsageError(
          `unknown source '${sourceId}' (known: ${sources.map((candidate) => candidate.id).join(', ')})`,
        );
      }
      const threads = threadsOf(args, file);
      const text = await readInputText(file, { progress: progress() });
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
  });
}

/** `openmdr normalize --source windows [FILE|-]`. */
export const normalizeCommand: DefinedCommand = createNormalizeCommand(normalizeSources);
