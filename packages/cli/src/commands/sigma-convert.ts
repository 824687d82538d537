import {
  convertSigmaCorrelation,
  convertSigmaRule,
  correlationFromDocument,
  loadSigmaRules,
  mergeQueryMappings,
  SIGMA_QUERY_TARGETS,
  SigmaConversionError,
  type SigmaConvertOptions,
  type SigmaQuery,
  type SigmaQueryMappingOverride,
  type SigmaQueryTarget,
  sigmaBackend,
  sigmaQueryMappingOverrideSchema,
} from '@openmdr/detections';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { readInputText } from '../io/input.js';
import { readPlaceholdersFile } from './placeholders-file.js';

/** `openmdr sigma convert`: Sigma rules → SPL, ES|QL, Lucene, KQL, DuckDB or PostgreSQL SQL. */
export const sigmaConvertCommand: DefinedCommand = defineCommand({
  path: ['sigma', 'convert'],
  summary: 'Convert Sigma rules to SIEM and SQL queries',
  description: `Converts Sigma rules (and correlation rules) to queries of a SIEM or SQL database: Splunk SPL,
Elasticsearch ES|QL and Lucene, Microsoft KQL, DuckDB and PostgreSQL SQL.`,
  options: [
    {
      name: 'target',
      type: 'string',
      choices: SIGMA_QUERY_TARGETS,
      required: '--target is required',
      description: 'the query language',
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
      name: 'mapping',
      type: 'string',
      valueName: 'FILE',
      description:
        'a JSON field and logsource mapping ({"name", "fields", "logsources", …}) merged over the target\'s built-in mapping (its fields and logsource entries win)',
    },
    {
      name: 'placeholders',
      type: 'string',
      valueName: 'FILE',
      description:
        'a JSON file {"name": ["value", …], …} giving the values of the rules\' expand placeholders',
    },
  ],
  output: `One JSON line per rule: {"rule_id", "title", "target", "query"}. On standard error, rules
that cannot be converted as {"rule_id", "title", "target", "construct", "reason", "file", "line"},
and rules that do not load as {"rule_error": …}.`,
  exitCodes: {
    0: 'every rule was converted',
    1: 'a rule did not load or could not be converted',
    2: 'usage error: an unknown option, a missing or bad value, an unreadable or bad --mapping or --placeholders file',
  },
  examples: [
    {
      command: 'openmdr sigma convert --target splunk --rules rules/windows',
      description: 'a folder of rules to SPL',
    },
    {
      command: 'openmdr sigma convert --target kql --rules rule.yml --mapping fields.json',
      description: 'one rule to KQL with a custom field mapping',
    },
    {
      command:
        'openmdr sigma convert --target duckdb --rules rules --placeholders admins.json --output queries.jsonl',
      description: 'rules with expand placeholders to DuckDB SQL, written to a file',
    },
  ],
  async run({ args, io }) {
    const rules = args.list('rules');
    const target = args.string('target') as SigmaQueryTarget;
    const mappingFile = args.string('mapping');
    const placeholdersFile = args.string('placeholders');
    if (target === undefined) throw new UsageError('--target is required');
    if (rules.length === 0) throw new UsageError('--rules needs at least one file or directory');
    const options: SigmaConvertOptions = {
      ...(mappingFile === undefined
        ? {}
        : {
            mapping: mergeQueryMappings(
              sigmaBackend(target).defaultMapping,
              await readMapping(mappingFile, io.stdin),
            ),
          }),
      ...(placeholdersFile === undefined
        ? {}
        : { placeholders: await readPlaceholdersFile(placeholdersFile, io.stdin) }),
    };
    const loaded = await loadSigmaRules(rules);
    let failures = 0;
    const fail = (value: unknown) => {
      failures++;
      io.stderr.write(`${JSON.stringify(value)}\n`);
    };
    for (const problem of loaded.errors) fail({ rule_error: problem.toJSON() });
    const print = (query: SigmaQuery) =>
      io.stdout.write(
        `${JSON.stringify({ rule_id: query.ruleId, title: query.title, target: query.target, query: query.query })}\n`,
      );
    const attempt = (convert: () => SigmaQuery) => {
      try {
        print(convert());
      } catch (error) {
        if (!SigmaConversionError.isInstance(error)) throw error;
        const { ruleId, title, construct, reason, file, line } = error.problem;
        fail({
          rule_id: ruleId,
          title,
          target,
          construct,
          reason,
          file: file ?? null,
          line: line ?? null,
        });
      }
    };
    for (const rule of loaded.rules) attempt(() => convertSigmaRule(rule, target, options));
    for (const document of loaded.correlations) {
      let correlation: ReturnType<typeof correlationFromDocument>;
      try {
        correlation = correlationFromDocument(document);
      } catch (error) {
        fail({ rule_error: (error as { toJSON?: () => unknown }).toJSON?.() ?? String(error) });
        continue;
      }
      attempt(() => convertSigmaCorrelation(correlation, loaded.rules, target, options));
    }
    return failures > 0 ? 1 : 0;
  },
});

async function readMapping(
  file: string,
  stdin: NodeJS.ReadableStream,
): Promise<SigmaQueryMappingOverride> {
  let value: unknown;
  try {
    value = JSON.parse(await readInputText(file, stdin));
  } catch (error) {
    throw new UsageError(`--mapping ${file}: ${(error as Error).message}`);
  }
  const parsed = sigmaQueryMappingOverrideSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at =
      issue === undefined || issue.path.length === 0 ? '' : ` at '${issue.path.join('.')}'`;
    throw new UsageError(`--mapping ${file}${at}: ${issue?.message ?? 'invalid mapping'}`);
  }
  return parsed.data;
}
