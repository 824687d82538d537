import { loadSigmaRules } from '@openmdr/detections';
import type { CommandIo } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { readInputText } from '../io/input.js';
import { readPlaceholdersFile } from './placeholders-file.js';

async function readText(events: string, io: CommandIo): Promise<string> {
  return readInputText(events, io.stdin);
}

/** `openmdr hunt`: runs Sigma rules as SQL over JSON-lines events in DuckDB or PGlite. */
export const huntCommand: DefinedCommand = defineCommand({
  path: ['hunt'],
  summary: 'Hunt JSON-lines events with Sigma rules in embedded DuckDB or PGlite',
  description: `Hunts JSON-lines events (a FILE, or standard input with '-'; gzip accepted) with Sigma rules in
an embedded database: the events are loaded into an in-memory DuckDB (duckdb) or PGlite
(postgres) event table and the rules run there as SQL.`,
  options: [
    {
      name: 'backend',
      type: 'string',
      choices: ['duckdb', 'postgres'],
      required: true,
      description: 'the embedded database',
    },
    {
      name: 'rules',
      type: 'string',
      variadic: true,
      valueName: 'DIR|FILE',
      required: '--rules needs at least one file or directory',
      description: 'Sigma rule files or directories',
    },
    {
      name: 'events',
      type: 'string',
      valueName: 'FILE|-',
      required: true,
      description: "the events, one JSON object per line; '-' reads standard input",
    },
    {
      name: 'input',
      type: 'string',
      choices: ['flat', 'ocsf'],
      default: 'flat',
      description:
        'flat: keys are Sigma field names; ocsf: OCSF events through the OCSF field mapping',
    },
    {
      name: 'placeholders',
      type: 'string',
      valueName: 'FILE',
      description:
        'a JSON file {"name": ["value", …], …} giving the values of the rules\' expand placeholders',
    },
  ],
  output: `One JSON line per hit, as openmdr sigma match writes them: {"event": <0-based line index>,
"rule_id", "title", "level"}, by event line then rule order. On standard error, as JSON lines:
rules that do not load ({"rule_error": …}), rules that cannot be converted ({"rule_id", "title",
"target", "construct", "reason", "file", "line"}), queries the database refused ({"rule_id",
"title", "target", "query", "query_error"}), and event lines that are not JSON objects
({"event", "error"}).`,
  exitCodes: {
    0: 'every rule ran and every event line was a JSON object',
    1: 'a rule did not load, convert or run, or an event line was not a JSON object',
  },
  examples: [
    {
      command: 'openmdr hunt --backend duckdb --rules rules/windows --events events.jsonl',
      description: 'hunt flat events with a folder of rules in DuckDB',
    },
    {
      command:
        'openmdr hunt --backend postgres --rules rules --events - --input ocsf --placeholders admins.json',
      description: 'hunt OCSF events from standard input in PGlite, with placeholder values',
    },
  ],
  async run({ args, io }) {
    const rules = args.list('rules');
    const backend = args.string('backend') as 'duckdb' | 'postgres';
    const events = args.string('events') as string;
    const input = args.string('input') as 'flat' | 'ocsf';
    const placeholdersFile = args.string('placeholders');
    // Loaded on use: the other commands need not load DuckDB's native module and PGlite.
    const { parseJsonLines, runLocalHunt } = await import('@openmdr/hunting');
    const placeholders =
      placeholdersFile === undefined
        ? undefined
        : await readPlaceholdersFile(placeholdersFile, io.stdin);
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
});
