import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { PlaybookProblem } from '../errors.js';
import { CACAO_SCHEMAS } from './cacao-schemas.generated.js';

const BASE = 'https://raw.githubusercontent.com/oasis-open/cacao-json-schemas/main/schemas/';

let compiled: { playbook: ValidateFunction; commands: Map<string, ValidateFunction> } | undefined;

function compile(): NonNullable<typeof compiled> {
  if (compiled !== undefined) return compiled;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  const addFormats = addFormatsModule as unknown as (instance: Ajv2020) => void;
  addFormats(ajv);
  for (const [path, schema] of Object.entries(CACAO_SCHEMAS)) {
    const { $schema: _dialect, ...body } = schema;
    ajv.addSchema(body, `${BASE}${path}`);
  }
  const get = (path: string): ValidateFunction => {
    const validate = ajv.getSchema(`${BASE}${path}`);
    if (validate === undefined) throw new Error(`CACAO schema ${path} is missing`);
    return validate;
  };
  const commands = new Map<string, ValidateFunction>();
  for (const path of Object.keys(CACAO_SCHEMAS)) {
    if (path.startsWith('commands/') && path !== 'commands/command-data.json') {
      commands.set(path.slice('commands/'.length, -'.json'.length), get(path));
    }
  }
  compiled = { playbook: get('playbook.json'), commands };
  return compiled;
}

function toProblems(
  errors: readonly ErrorObject[] | null | undefined,
  prefix = '',
): PlaybookProblem[] {
  const seen = new Set<string>();
  const problems: PlaybookProblem[] = [];
  for (const error of errors ?? []) {
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'unevaluatedProperties' || error.keyword === 'additionalProperties') {
      const property =
        (error.params as { unevaluatedProperty?: string; additionalProperty?: string })
          .unevaluatedProperty ??
        (error.params as { additionalProperty?: string }).additionalProperty;
      message = `unknown property '${property}'`;
    }
    const problem = { path: `${prefix}${error.instancePath}`, message, severity: 'error' as const };
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** Validates a document against the CACAO 2.0 playbook schema; problems carry JSON Pointers. */
export function validateCacaoSchema(document: unknown): PlaybookProblem[] {
  const { playbook } = compile();
  return playbook(document) ? [] : toProblems(playbook.errors);
}

/**
 * Validates a command against the schema of its CACAO command type; `undefined` when the type has
 * no schema (not a CACAO 2.0 command type).
 */
export function validateCacaoCommand(
  command: unknown,
  path: string,
): PlaybookProblem[] | undefined {
  const type = (command as { type?: unknown }).type;
  const validate = typeof type === 'string' ? compile().commands.get(type) : undefined;
  if (validate === undefined) return undefined;
  return validate(command) ? [] : toProblems(validate.errors, path);
}
