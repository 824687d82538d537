import type { Command } from '../command.js';

/**
 * A command known by its words and summary, imported only when it runs: `openmdr sigma match`
 * loads the Sigma engine, not the connectors, the lake or the playbook engine, so start-up time
 * and memory are those of the command run.
 */
export interface LazyCommand {
  /** The words that select it, e.g. `['sigma', 'match']`. */
  readonly path: readonly string[];
  /** One line for `openmdr --help` (the same as the loaded command's). */
  readonly summary: string;
  /** Imports the command's module. */
  load(): Promise<Command>;
}

/** Every command of the CLI, loaded on use. New commands are added here. */
export const commandIndex: readonly LazyCommand[] = [
  {
    path: ['ocsf', 'validate'],
    summary: 'Validate OCSF events (JSON lines) in strict or lenient mode',
    load: async () => (await import('./ocsf-validate.js')).ocsfValidateCommand,
  },
  {
    path: ['ocsf', 'schema'],
    summary: 'Print the JSON Schema of an OCSF event class',
    load: async () => (await import('./ocsf-schema.js')).ocsfSchemaCommand,
  },
  {
    path: ['normalize'],
    summary: 'Normalise raw records (JSON lines, a JSON array or a vendor page) to OCSF events',
    load: async () => (await import('./normalize.js')).normalizeCommand,
  },
  {
    path: ['detect'],
    summary:
      'Run Sigma rules, threat intel and behaviour detections; score, dedup and group into incidents',
    load: async () => (await import('./detect.js')).detectCommand,
  },
  {
    path: ['investigate'],
    summary:
      'Reconstruct an incident from events: investigation graph, timeline, scope, origin, impact (JSON or HTML)',
    load: async () => (await import('./investigate.js')).investigateCommand,
  },
  {
    path: ['sigma', 'check'],
    summary: 'Parse and compile Sigma rules; one JSON line per rule',
    load: async () => (await import('./sigma-check.js')).sigmaCheckCommand,
  },
  {
    path: ['sigma', 'match'],
    summary: 'Match JSON-lines events against Sigma rules',
    load: async () => (await import('./sigma-match.js')).sigmaMatchCommand,
  },
  {
    path: ['sigma', 'convert'],
    summary: 'Convert Sigma rules to SIEM and SQL queries',
    load: async () => (await import('./sigma-convert.js')).sigmaConvertCommand,
  },
  {
    path: ['sigma', 'bundle'],
    summary: 'Build a compiled Sigma ruleset bundle, accepted wherever --rules is',
    load: async () => (await import('./sigma-bundle.js')).sigmaBundleCommand,
  },
  {
    path: ['hunt'],
    summary: 'Hunt JSON-lines events with Sigma rules in embedded DuckDB or PGlite',
    load: async () => (await import('./hunt.js')).huntCommand,
  },
  {
    path: ['playbook', 'validate'],
    summary: 'Validate a CACAO 2.0 playbook; print problems with JSON paths',
    load: async () => (await import('./playbook-validate.js')).playbookValidateCommand,
  },
  {
    path: ['playbook', 'run'],
    summary: 'Dry-run a CACAO 2.0 playbook: print the plan as JSON lines',
    load: async () => (await import('./playbook-run.js')).playbookRunCommand,
  },
  {
    path: ['worker', 'detect'],
    summary:
      'Run a detection worker: Sigma rules and correlations over a partitioned Redis event stream',
    load: async () => (await import('./worker-detect.js')).workerDetectCommand,
  },
  {
    path: ['stream', 'append'],
    summary: "Append OCSF events (JSON lines) to a tenant's partitioned Redis event stream",
    load: async () => (await import('./stream-append.js')).streamAppendCommand,
  },
  {
    path: ['stream', 'status'],
    summary:
      "Print the length, lag, pending entries and owner of each partition of tenants' streams",
    load: async () => (await import('./stream-status.js')).streamStatusCommand,
  },
  {
    path: ['lake', 'write'],
    summary: 'Write OCSF events as Amazon Security Lake Parquet (OCSF 1.1.0) into a directory',
    load: async () => (await import('./lake-write.js')).lakeWriteCommand,
  },
  {
    path: ['lake', 'read'],
    summary: 'Read the OCSF events of an Amazon Security Lake directory as JSON lines',
    load: async () => (await import('./lake-read.js')).lakeReadCommand,
  },
  {
    path: ['dashboard'],
    summary: 'Serve the live SOC dashboard and its JSON API over a store until SIGINT or SIGTERM',
    load: async () => (await import('./dashboard.js')).dashboardCommand,
  },
  {
    path: ['mcp'],
    summary:
      'Serve the SOC operations as Model Context Protocol tools over stdio, for a local agent',
    load: async () => (await import('./mcp.js')).mcpCommand,
  },
  {
    path: ['store', 'migrate'],
    summary: 'Copy a PGlite or PostgreSQL store into another, resumable and verified',
    load: async () => (await import('./store-migrate.js')).storeMigrateCommand,
  },
];

/** Every command of the CLI, imported (for the reference page and tests), in index order. */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(commandIndex.map((entry) => entry.load()));
}
