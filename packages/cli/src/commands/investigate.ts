import { InvestigationError, renderInvestigationHtml } from '@openmdr/investigation';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { writeWithDrain } from '../pipeline/ordered.js';
import { writeInvestigationJson } from './investigate-json.js';
import { INVESTIGATE_INPUTS, type InvestigateInput } from './investigate-records.js';
import { investigate } from './investigate-run.js';
import { parseWindow } from './investigate-window.js';

/** The most `--depth` accepts. */
const MAX_DEPTH = 20;

function parseDepth(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const depth = Number(value);
  if (!/^\d+$/.test(value) || depth > MAX_DEPTH) {
    throw new UsageError(`--depth must be an integer from 0 to ${MAX_DEPTH}, not '${value}'`);
  }
  return depth;
}

/** `openmdr investigate`: the investigation graph, super-timeline, scope, origin and impact. */
export const investigateCommand: DefinedCommand = defineCommand({
  path: ['investigate'],
  summary:
    'Reconstruct an incident from events: investigation graph, timeline, scope, origin, impact (JSON or HTML)',
  description: `Reads events (a FILE, or standard input with '-'; gzip accepted) and reconstructs what happened:
the investigation graph (process trees keyed by process uid — the Sysmon ProcessGuid as the record
spells it — with hosts, users, addresses, files, registry keys and cloud resources, typed edges
such as spawned, executed-on, logged-on, connected-to), the super-timeline (one entry per input
record, in time order; duplicates kept and marked), the scope (hosts, users, accounts, addresses,
files, resources), the origin (the earliest related activity with its chain of evidence) and the
impact markers (credential access, persistence, defence evasion, lateral movement, staging and
exfiltration, each with its evidence).

--input winlog reads Windows Event Log records as 'openmdr normalize --source windows' does
({"Event":{"System":…,"EventData":…}} per line, arrays, one JSON document) and normalises them to
OCSF; --input ocsf reads OCSF events and findings (JSON objects with a class_uid). A record that cannot be read or normalised
still gets a timeline entry (from its raw fields) and the run goes on; such records are counted
in "skipped" and reported on standard error.

--seed narrows the result to the neighbourhood of one entity: a graph node id (process:<uid>,
host:<name>, user:<name>, ip:<address>, …) or a process uid, host name, user name or address;
the graph is the subgraph within --depth edges of it (edges followed either way, at most 500
nodes), the timeline and the assessment the entries touching a node of that subgraph (a host or
user reached through it does not count: it would bring back all of that host's or account's
activity; seed it to get that). An unknown seed gives an empty result and a note. --window keeps the events between two times.

--format html writes one self-contained page: the graph drawn as SVG (a band per host with its
process trees, parents left of their children, the entities they touched to the right; at most
250 nodes drawn, all listed in tables), scope, origin and evidence chain, impact markers and the
timeline table. Every string is escaped; the page has no script and loads nothing.`,
  options: [
    {
      name: 'events',
      type: 'string',
      valueName: 'FILE|-',
      required: '--events FILE|- is required',
      description: "the events, JSON lines or one JSON document; '-' reads standard input",
    },
    {
      name: 'input',
      type: 'string',
      choices: INVESTIGATE_INPUTS,
      required: '--input winlog|ocsf is required',
      description:
        'winlog: exported Windows Event Log records, normalised to OCSF; ocsf: OCSF events and findings',
    },
    {
      name: 'format',
      type: 'string',
      choices: ['json', 'html'],
      default: 'json',
      description: 'json: one JSON document; html: one self-contained HTML page',
    },
    {
      name: 'seed',
      type: 'string',
      valueName: 'ID',
      description:
        'narrow to the subgraph around an entity: a node id, process uid, host, user or address',
    },
    {
      name: 'depth',
      type: 'string',
      valueName: 'N',
      description: `with --seed, how many edges away from the seed the subgraph reaches (0 to ${MAX_DEPTH}; default 3)`,
    },
    {
      name: 'window',
      type: 'string',
      valueName: 'FROM..TO',
      description:
        'keep the events from FROM to TO (ISO 8601 times or epoch ms, both inclusive; either may be left empty)',
    },
    {
      name: 'title',
      type: 'string',
      valueName: 'TEXT',
      description: 'the title of the HTML page (default: Investigation)',
    },
  ],
  output: `--format json: one JSON document
{"timeline":[{"id","time":"2019-04-27T15:57:25.868Z","epoch_ms","source","type","host","user",
"summary","entities","techniques",…,"duplicate_of"?}],
"graph":{"nodes":[{"id","kind","uid"?,"name"?,"first_seen","last_seen","count","attributes"}],
"edges":[{"id","from","to","kind","first_seen","last_seen","count","evidence"}]},
"scope":{"hosts","users","accounts","ips","domains","files","resources","first_seen","last_seen"},
"origin":{"host","user","time","summary","initial_access","technique","evidence"}|null,
"impact":[{"kind","summary","technique","hosts","time","evidence"}],"skipped":0,"notes":[]}
--format html: one HTML page (inline CSS and SVG, no script, no external resource).
Standard error: one line per record that could not be read or normalised (not with --quiet).`,
  exitCodes: {
    0: 'every line was read (records the normaliser could not map are in the timeline from their raw fields, counted in "skipped")',
    1: 'a line is not JSON (it is still in the timeline; the rest is processed)',
    2: 'usage error: an unknown option, a missing or bad value (--depth, --window), an unreadable events file',
  },
  examples: [
    {
      command: 'openmdr investigate --events sysmon.jsonl --input winlog --output case.json',
      description: 'graph, timeline, scope, origin and impact of Windows records, as JSON',
    },
    {
      command:
        "openmdr investigate --events events.jsonl.gz --input ocsf --format html --seed 'host:ws-12' --output ws-12.html",
      description: 'the HTML page of what touched one host, from gzip OCSF events',
    },
    {
      command:
        "openmdr investigate --events - --input winlog --seed '{365ABB72-3D4A-5CF2-0000-0010A3A61A00}' --depth 3 --window 2019-05-01..2019-05-02",
      description: 'the process tree around one Sysmon ProcessGuid on one day, from standard input',
    },
  ],
  async run({ args, io, note, progress, readInputText }): Promise<number> {
    const input = args.string('input') as InvestigateInput;
    const format = args.string('format') as 'json' | 'html';
    const seed = args.string('seed');
    const depth = parseDepth(args.string('depth'));
    if (depth !== undefined && seed === undefined) throw new UsageError('--depth needs --seed');
    const windowText = args.string('window');
    const window = windowText === undefined ? undefined : parseWindow(windowText);
    const text = await readInputText(args.string('events'), { progress: progress() });
    let result: Awaited<ReturnType<typeof investigate>>;
    try {
      result = investigate(text, {
        input,
        ...(seed === undefined ? {} : { seed }),
        ...(depth === undefined ? {} : { depth }),
        ...(window === undefined ? {} : { window }),
      });
    } catch (error) {
      if (InvestigationError.isInstance(error)) throw new UsageError(error.message);
      throw error;
    }
    for (const problem of result.problems) note(`openmdr investigate: ${problem}`);
    if (format === 'html') {
      const title = args.string('title');
      await writeWithDrain(
        io.stdout,
        renderInvestigationHtml(result.report, title === undefined ? {} : { title }),
      );
    } else {
      await writeInvestigationJson(io.stdout, result.report, { skipped: result.skipped });
    }
    return result.unreadable > 0 ? 1 : 0;
  },
});
