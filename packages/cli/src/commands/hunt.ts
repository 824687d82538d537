import { readFile } from 'node:fs/promises';
import { loadSigmaRules } from '@openmdr/detections';
import { type Command, type CommandIo, UsageError } from '../command.js';
import { readPlaceholdersFile } from './placeholders-file.js';

const usage = `Usage: openmdr hunt --backend duckdb|postgres --rules DIR|FILE… --events FILE|- [--input flat|ocsf] [--placeholders FILE]

Hunts JSON-lines events with Sigma rules in an embedded database: the events are loaded into an
in-memory DuckDB (duckdb) or PGlite (postgres) event table and the rules run there as SQL.
Prints one JSON line per hit, as \`openmdr sigma match\` does: {"event": <0-based line index>,
"rule_id", "title", "level"}, by event line then rule order. Reported on stderr as JSON lines, and
the exit code is then 1: rules that do not load ({"rule_error": …}), rules that cannot be
converted ({"rule_id", "title", "target", "construct", "reason", "file", "line"}), queries the
database refused ({"rule_id", "title", "target", "query", "query_error"}), and event lines that
are not JSON objects ({"event", "error"}).
--input: flat (keys are Sigma field names, default) or ocsf (OCSF events through the OCSF
field mapping).
--placeholders: a JSON file {"name": ["value", …], …} giving the values of the rules' expand
placeholders.`;

const BACKENDS = new Set(['duckdb', 'postgres']);
const INPUTS = new Set(['flat', 'ocsf']);

async function readText(events: string, io: CommandIo): Promise<string> {
  try {
    if (events !== '-') return await readFile(events, 'utf8');
    let text = '';
    for await (const chunk of io.stdin) text += String(chunk);
    return text;
  } catch (readError) {
    throw new UsageError(`cannot read events from ${events}: ${(readError as Error).message}`);
  }
}

/** `openmdr hunt`: runs Sigma rules as SQL over JSON-lines events in DuckDB or PGlite. */
export const huntCommand: Command = {
  path: ['hunt'],
  summary: 'Hunt JSON-lines events with Sigma rules in embedded DuckDB or PGlite',
  usage,
  async run(args, io) {
    const rules: string[] = [];
    let backend: 'duckdb' | 'postgres' | undefined;
    let events: string | undefined;
    let input: 'flat' | 'ocsf' = 'flat';
    let placeholdersFile: string | undefined;
    for (let index = 0; index < args.length; index++) {
      const arg = args[index] as string;
      if (arg === '--rules') {
        while (index + 1 < args.length && !(args[index + 1] as string).startsWith('--')) {
          rules.push(args[++index] as string);
        }
      } else if (arg === '--backend') {
        const value = args[++index] ?? '';
        if (!BACKENDS.has(value)) throw new UsageError('--backend must be duckdb or postgres');
        backend = value as 'duckdb' | 'postgres';
      } else if (arg === '--events') {
        events = args[++index];
      } else if (arg === '--input') {
        const value = args[++index] ?? '';
        if (!INPUTS.has(value)) throw new UsageError('--input must be flat or ocsf');
        input = value as 'flat' | 'ocsf';
      } else if (arg === '--placeholders') {
        placeholdersFile = args[++index];
        if (placeholdersFile === undefined) throw new UsageError('--placeholders needs a file');
      } else {
        throw new UsageError(`unexpected argument '${arg}'`);
      }
    }
    if (backend === undefined) throw new UsageError('--backend duckdb|postgres is required');
    if (rules.length === 0) throw new UsageError('--rules needs at least one file or directory');
    if (events === undefined) throw new UsageError('--events FILE|- is required');
    // Loaded on use: the other commands need not load DuckDB's native module and PGlite.
    const { parseJsonLines, runLocalHunt } = await import('@openmdr/hunting');
    const placeholders =
      placeholdersFile === undefined ? undefined : await readPlaceholdersFile(placeholdersFile);
    const loaded = await loadSigmaRules(rules);
    let failures = 0;
    const error = (value: unknown) => {
      failures++;
      io.stderr.write(`${JSON.stringify(value)}\n`);
    };
    for (const problem of loaded.errors) error({ rule_error: problem.toJSON() });
    const parsed = parseJsonLines(await readText(events, io));
    for (const bad of parsed.errors) error({ event: bad.line, error: bad.error });
    const result = await runLocalHunt({
      rules: loaded.rules,
      backend,
      events: parsed.events,
      input,
      placeholders,
    });
    for (const failure of result.conversionFailures) {
      const { ruleId, title, construct, reason, file, line } = failure.problem;
      error({
        rule_id: ruleId,
        title,
        target: backend,
        construct,
        reason,
        file: file ?? null,
        line: line ?? null,
      });
    }
    for (const failure of result.queryFailures) {
      error({
        rule_id: failure.ruleId,
        title: failure.title,
        target: backend,
        query: failure.query,
        query_error: failure.error,
      });
    }
    for (const hit of result.hits) io.stdout.write(`${JSON.stringify(hit)}\n`);
    return failures > 0 ? 1 : 0;
  },
};
