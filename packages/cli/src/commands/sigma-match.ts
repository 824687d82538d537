import { type DefinedCommand, defineCommand } from '../define-command.js';
import { runSigmaMatch } from '../pipeline/sigma-match-run.js';
import { THREADS_OPTION, threadsOf } from '../pipeline/threads-option.js';

/** `openmdr sigma match`: runs rules over JSON-lines events. */
export const sigmaMatchCommand: DefinedCommand = defineCommand({
  path: ['sigma', 'match'],
  summary: 'Match JSON-lines events against Sigma rules',
  description: `Matches JSON-lines events (a FILE, or standard input with '-'; gzip accepted) against Sigma
rules (files, directories read recursively for .yml/.yaml, or bundles written by 'openmdr sigma
bundle'). Worker threads (--threads) compile the rules and match chunks of lines; the output
keeps the input order. Rules that do not load and event lines that are not JSON objects are reported on standard error as JSON lines. Rules left inert by
an expand placeholder without a value (they never match) are reported as {"rule_warning": …}
lines, without changing the exit code. On a terminal, a progress line on standard error shows the
rules loaded and the events per second.`,
  options: [
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
      required: '--events FILE|- is required',
      description: "the events, one JSON object per line; '-' reads standard input",
    },
    {
      name: 'input',
      type: 'string',
      choices: ['flat', 'winlog', 'ocsf'],
      default: 'flat',
      description:
        'flat: keys are Sigma field names; winlog: exported Windows Event Log records; ocsf: OCSF events through the OCSF field mapping',
    },
    THREADS_OPTION,
  ],
  output: `One JSON line per match, in event {"event": <0-based line index>, "rule_id": "…", "title": "…", "level": "high"}
Standard {"rule_error": …} for rules that do not load, {"event": N, "error": "…"} for lines
that are not JSON objects, {"rule_warning": …} for inert rules (not with --quiet).`,
  exitCodes: {
    0: 'every rule loaded and every event line was a JSON object',
    1: 'a rule did not load or compile, or an event line was not a JSON object',
  },
  examples: [
    {
      command: 'openmdr sigma match --rules rules/windows --events events.jsonl --input winlog',
      description: 'match exported Windows Event Log records against a SigmaHQ folder',
    },
    {
      command: 'openmdr sigma match --rules a.yml b.yml --events - --output matches.jsonl --quiet',
      description: 'two rules over standard input, matches written to a file',
    },
    {
      command: 'openmdr sigma match --rules rules --events events.jsonl.gz --input ocsf',
      description: 'OCSF events from a gzip file',
    },
  ],
  async run({ args, io, note, progress: startProgress, openInput }) {
    const progress = startProgress();
    progress.phase('loading rules');
    return runSigmaMatch(
      {
        rules: args.list('rules'),
        events: args.string('events') as string,
        input: args.string('input') as string,
        threads: threadsOf(args, args.string('events')),
        open: (events) => openInput(events, { progress }),
        note,
        progress,
      },
      io,
    );
  },
});
