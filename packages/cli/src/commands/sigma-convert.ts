import { readFile } from 'node:fs/promises';
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
import { type Command, UsageError } from '../command.js';
import { readPlaceholdersFile } from './placeholders-file.js';

const usage = `Usage: openmdr sigma convert --target ${SIGMA_QUERY_TARGETS.join('|')} --rules DIR|FILE… [--mapping FILE] [--placeholders FILE]

Converts Sigma rules (and correlation rules) to queries. Prints one JSON line per rule:
{"rule_id", "title", "target", "query"}. Rules that cannot be converted are reported on stderr
as JSON lines {"rule_id", "title", "target", "construct", "reason", "file", "line"}, and rules
that do not load as {"rule_error": …}; the exit code is then 1.
--mapping: a JSON file with a field and logsource mapping ({"name", "fields", "logsources", …});
it is merged over the target's built-in mapping (its fields and logsource entries win).
--placeholders: a JSON file {"name": ["value", …], …} giving the values of the rules' expand
placeholders.`;

/** `openmdr sigma convert`: Sigma rules → SPL, ES|QL, Lucene, KQL, DuckDB or PostgreSQL SQL. */
export const sigmaConvertCommand: Command = {
  path: ['sigma', 'convert'],
  summary: 'Convert Sigma rules to SIEM and SQL queries',
  usage,
  async run(args, io) {
    const rules: string[] = [];
    let target: SigmaQueryTarget | undefined;
    let mappingFile: string | undefined;
    let placeholdersFile: string | undefined;
    for (let index = 0; index < args.length; index++) {
      const arg = args[index] as string;
      if (arg === '--rules') {
        while (index + 1 < args.length && !(args[index + 1] as string).startsWith('--')) {
          rules.push(args[++index] as string);
        }
      } else if (arg === '--target') {
        const value = args[++index] ?? '';
        if (!(SIGMA_QUERY_TARGETS as readonly string[]).includes(value)) {
          throw new UsageError(`--target must be one of ${SIGMA_QUERY_TARGETS.join(', ')}`);
        }
        target = value as SigmaQueryTarget;
      } else if (arg === '--mapping') {
        mappingFile = args[++index];
        if (mappingFile === undefined) throw new UsageError('--mapping needs a file');
      } else if (arg === '--placeholders') {
        placeholdersFile = args[++index];
        if (placeholdersFile === undefined) throw new UsageError('--placeholders needs a file');
      } else {
        throw new UsageError(`unexpected argument '${arg}'`);
      }
    }
    if (target === undefined) throw new UsageError('--target is required');
    if (rules.length === 0) throw new UsageError('--rules needs at least one file or directory');
    const options: SigmaConvertOptions = {
      ...(mappingFile === undefined
        ? {}
        : {
            mapping: mergeQueryMappings(
              sigmaBackend(target).defaultMapping,
              await readMapping(mappingFile),
            ),
          }),
      ...(placeholdersFile === undefined
        ? {}
        : { placeholders: await readPlaceholdersFile(placeholdersFile) }),
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
};

async function readMapping(file: string): Promise<SigmaQueryMappingOverride> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
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
