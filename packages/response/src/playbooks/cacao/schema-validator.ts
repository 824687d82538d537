import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { PlaybookProblem } from '../errors.js';
import { CACAO_SCHEMAS } from './cacao-schemas.generated.js';

const BASE = 'https://raw.githubusercontent.com/oasis-open/cacao-json-schemas/main/schemas/';

interface Compiled {
  playbook: ValidateFunction;
  commands: Map<string, ValidateFunction>;
  /** Schemas of agent-target and authentication-info objects by path (`agent-target/ssh`). */
  definitions: Map<string, ValidateFunction>;
}

let compiled: Compiled | undefined;

function compile(): Compiled {
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
  const definitions = new Map<string, ValidateFunction>();
  for (const path of Object.keys(CACAO_SCHEMAS)) {
    if (path.startsWith('commands/') && path !== 'commands/command-data.json') {
      commands.set(path.slice('commands/'.length, -'.json'.length), get(path));
    }
    if (path.startsWith('agent-target/') || path.startsWith('authentication-info/')) {
      definitions.set(path.slice(0, -'.json'.length), get(path));
    }
  }
  compiled = { playbook: get('playbook.json'), commands, definitions };
  return compiled;
}

/**
 * A schema error as a problem, with what the importer needs to decide whether to tolerate it:
 * the JSON Schema keyword, and the property that is unknown (`unevaluatedProperties`) or missing
 * (`required`).
 */
export interface SchemaFinding extends PlaybookProblem {
  /** The JSON Schema keyword that failed (`required`, `pattern`, `unevaluatedProperties`, …). */
  keyword: string;
  /** For `unevaluatedProperties`: the unknown property. */
  unknownProperty?: string;
  /** For `required`: the missing property. */
  missingProperty?: string;
}

function toFindings(
  errors: readonly ErrorObject[] | null | undefined,
  prefix = '',
): SchemaFinding[] {
  const seen = new Set<string>();
  const findings: SchemaFinding[] = [];
  for (const error of errors ?? []) {
    let message = error.message ?? 'is invalid';
    const params = error.params as {
      unevaluatedProperty?: string;
      additionalProperty?: string;
      missingProperty?: string;
    };
    const finding: SchemaFinding = {
      path: `${prefix}${error.instancePath}`,
      message,
      severity: 'error',
      keyword: error.keyword,
    };
    if (error.keyword === 'unevaluatedProperties' || error.keyword === 'additionalProperties') {
      const property = params.unevaluatedProperty ?? params.additionalProperty ?? '';
      message = `unknown property '${property}'`;
      finding.message = message;
      finding.unknownProperty = property;
    }
    if (error.keyword === 'required' && params.missingProperty !== undefined) {
      finding.missingProperty = params.missingProperty;
    }
    const key = `${finding.path}\n${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

const toProblems = (findings: readonly SchemaFinding[]): PlaybookProblem[] =>
  findings.map(({ path, message, severity }) => ({ path, message, severity }));

/**
 * Validates a document against the CACAO 2.0 playbook schema, as written (strictly); problems
 * carry JSON Pointers.
 */
export function validateCacaoSchema(document: unknown): PlaybookProblem[] {
  return toProblems(cacaoSchemaFindings(document));
}

/** Like {@link validateCacaoSchema}, with each error's keyword and property. */
export function cacaoSchemaFindings(document: unknown): SchemaFinding[] {
  const { playbook } = compile();
  return playbook(document) ? [] : toFindings(playbook.errors);
}

/**
 * Validates one agent, target or authentication-info object against the CACAO 2.0 schema of its
 * kind and type (`agent-target/ssh`), or against the kind's base schema (`agent-target/agent-target`)
 * when its type is not one the specification defines. Findings carry `path` as prefix.
 */
export function validateCacaoDefinition(
  kind: 'agent-target' | 'authentication-info',
  definition: unknown,
  path: string,
): SchemaFinding[] {
  const { definitions } = compile();
  const type = (definition as { type?: unknown } | null)?.type;
  const validate =
    (typeof type === 'string' && type !== kind ? definitions.get(`${kind}/${type}`) : undefined) ??
    (definitions.get(`${kind}/${kind}`) as ValidateFunction);
  return validate(definition) ? [] : toFindings(validate.errors, path);
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
  return validate(command) ? [] : toProblems(toFindings(validate.errors, path));
}
