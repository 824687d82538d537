import type { PlaybookProblem } from '../errors.js';
import { checkCacaoDefinitions } from './definitions.js';
import { below, token } from './pointer.js';
import { cacaoSchemaFindings, type SchemaFinding } from './schema-validator.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const STEP = /^\/workflow\/([^/]+)$/;
const REFERENCE = /^\/workflow\/([^/]+)\/(agent|targets\/\d+)$/;

/** Dictionaries keyed by ids or names: an unexpected key there is a wrong entry, not extra data. */
const DICTIONARY =
  /^\/(workflow|playbook_variables|playbook_extensions|extension_definitions|data_marking_definitions)$|^\/workflow\/[^/]+\/(step_variables|step_extensions|cases)$/;

/** What a tolerated schema deviation means for the import, by step type and missing property. */
const MISSING: Readonly<Record<string, string>> = {
  'action/commands':
    'action step has no commands: planned as a manual step (a person carries out its name and description)',
  'action/agent': 'action step names no agent: its commands go to the executor of their type',
  'switch-condition/switch':
    'switch-condition has no switch variable: only its default case can be taken',
};

function tolerate(finding: SchemaFinding, document: Json): PlaybookProblem | null | undefined {
  const workflow = isObject(document.workflow) ? document.workflow : {};
  const step = STEP.exec(finding.path);
  const stepType = step === null ? undefined : (workflow[token(step[1] as string)] as Json)?.type;
  if (finding.missingProperty !== undefined && typeof stepType === 'string') {
    const message = MISSING[`${stepType}/${finding.missingProperty}`];
    if (message !== undefined) return { path: finding.path, message, severity: 'warning' };
  }
  const commands = /^\/workflow\/([^/]+)\/commands$/.exec(finding.path);
  if (finding.keyword === 'minItems' && commands !== null) {
    return {
      path: finding.path,
      message: MISSING['action/commands'] as string,
      severity: 'warning',
    };
  }
  const reference = REFERENCE.exec(finding.path);
  if (finding.keyword === 'pattern' && reference !== null) {
    const raw = workflow[token(reference[1] as string)] as Json;
    const slot = reference[2] as string;
    const id = slot === 'agent' ? raw.agent : (raw.targets as unknown[])[Number(slot.slice(8))];
    const definitions = document[slot === 'agent' ? 'agent_definitions' : 'target_definitions'];
    // The definition's id was reported where it is defined; the reference itself resolves.
    if (typeof id === 'string' && isObject(definitions) && definitions[id] !== undefined)
      return null;
  }
  if (finding.unknownProperty !== undefined && !DICTIONARY.test(finding.path)) {
    return {
      path: below(finding.path, finding.unknownProperty),
      message: `property '${finding.unknownProperty}' is not defined here by CACAO 2.0: ignored`,
      severity: 'warning',
    };
  }
  return undefined;
}

/**
 * Validates a playbook against the CACAO 2.0 JSON Schemas, tolerating deviations whose intent is
 * unambiguous: they are `warning`s, everything else is an `error`. Agent, target and
 * authentication-info definitions are checked entry by entry ({@link checkCacaoDefinitions});
 * an action step without commands (planned as a manual step) or without an agent, a
 * switch-condition without a switch, a reference to a defined agent or target whose id is not a
 * CACAO identifier, and properties the schemas do not define (outside dictionaries keyed by id, such
 * as `workflow`) are warnings.
 */
export function tolerantSchemaProblems(document: unknown): PlaybookProblem[] {
  if (!isObject(document)) return cacaoSchemaFindings(document).map(plain);
  const { problems, checked } = checkCacaoDefinitions(document);
  const rest: Json = { ...document };
  for (const property of checked) delete rest[property];
  for (const finding of cacaoSchemaFindings(rest)) {
    const tolerated = tolerate(finding, document);
    if (tolerated === null) continue;
    problems.push(tolerated ?? plain(finding));
  }
  return problems;
}

const plain = ({ path, message, severity }: SchemaFinding): PlaybookProblem => ({
  path,
  message,
  severity,
});
