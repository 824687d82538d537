import { PlaybookConditionSyntaxError, parseCondition } from '../condition.js';
import type { PlaybookProblem } from '../errors.js';
import { PlaybookValidationError } from '../errors.js';
import {
  type ActionStep,
  CACAO_COMMAND_TYPES,
  OPENMDR_RETRY_EXTENSION,
  type Playbook,
  type PlaybookCommand,
  type PlaybookStep,
  type PlaybookVariable,
  type StepBase,
  type StepRetry,
} from '../model.js';
import { routeCommand } from '../routing.js';
import { pointer } from './pointer.js';
import { validateCacaoCommand, validateCacaoSchema } from './schema-validator.js';
import { tolerantSchemaProblems } from './tolerant-schema.js';

/** The outcome of {@link importCacaoPlaybook}. */
export interface CacaoImportResult {
  /** The playbook, when there is no `error` problem. */
  playbook?: Playbook;
  /** Every problem found (errors, tolerated deviations, unsupported constructs), with JSON Pointers. */
  problems: PlaybookProblem[];
}

/** Options of {@link importCacaoPlaybook}. */
export interface CacaoImportOptions {
  /**
   * Hold the document to the CACAO 2.0 JSON Schemas as written: every deviation is an `error`
   * (default `false`: deviations whose intent is unambiguous are `warning`s and the playbook imports).
   */
  strict?: boolean;
}

type Json = Record<string, unknown>;

/**
 * The OASIS CACAO Layout extension: where a step is drawn. Nothing to run, so it is not reported.
 */
const CACAO_LAYOUT_EXTENSION = 'extension-definition--418ee24c-9cb1-46d9-afa5-309e01aabc7f';

/** The manual command an action step without commands is planned with. */
function manualFallback(raw: Json, id: string): PlaybookCommand {
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  const description = typeof raw.description === 'string' ? raw.description.trim() : '';
  const text = [name, description].filter((part) => part !== '').join(': ');
  return {
    type: 'manual',
    command: text === '' ? `Carry out step ${id}` : text,
    description: 'The playbook gives this step no commands: a person carries it out.',
  };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, ''))) return undefined;
  return Buffer.from(text, 'base64').toString('utf8');
}

/**
 * Reads a CACAO 2.0 playbook: validates it against the OASIS CACAO 2.0 JSON Schemas, then each
 * command against its command type's schema, parses conditions, checks that every step reference
 * resolves, and reads the OpenMDR retry extension. Unknown command types, conditions outside the
 * supported subset and unknown extensions are reported as `unsupported`, with their JSON Pointer.
 *
 * Playbooks written by other tools deviate from the schemas; where the intent is unambiguous the
 * deviation is a `warning` and the playbook imports (see `tolerantSchemaProblems`): extension agent
 * and target types (SOARCA's `soarca`, `soarca-manual`, `software`) and authentication-info types
 * are kept, properties the schemas do not define are kept or ignored, and an action step without
 * commands gets one `manual` command made from its name and description (`manualFallback`).
 * `{ strict: true }` makes every deviation an error.
 */
export function importCacaoPlaybook(
  document: unknown,
  options: CacaoImportOptions = {},
): CacaoImportResult {
  const problems =
    options.strict === true ? validateCacaoSchema(document) : tolerantSchemaProblems(document);
  if (problems.some((problem) => problem.severity === 'error')) return { problems };
  const doc = document as Json;
  const workflow = doc.workflow as Record<string, Json>;
  const agents = (doc.agent_definitions ?? {}) as Record<string, Json>;
  const targets = (doc.target_definitions ?? {}) as Record<string, Json>;
  const error = (path: string, message: string): void => {
    problems.push({ path, message, severity: 'error' });
  };
  const unsupported = (path: string, message: string): void => {
    problems.push({ path, message, severity: 'unsupported' });
  };
  // A step naming an undefined agent or target still says what to do: tolerated unless strict.
  const dangling = (path: string, message: string, consequence: string): void => {
    if (options.strict === true) error(path, message);
    else problems.push({ path, message: `${message}: ${consequence}`, severity: 'warning' });
  };
  const reference = (path: string, id: unknown): void => {
    if (typeof id === 'string' && workflow[id] === undefined) {
      error(path, `refers to step '${id}', which is not in the workflow`);
    }
  };
  const condition = (path: string, text: string): void => {
    try {
      parseCondition(text);
    } catch (cause) {
      if (!PlaybookConditionSyntaxError.isInstance(cause)) throw cause;
      unsupported(path, `condition outside the supported STIX comparison subset: ${cause.message}`);
    }
  };

  reference('/workflow_start', doc.workflow_start);
  reference('/workflow_exception', doc.workflow_exception);
  const start = workflow[doc.workflow_start as string];
  if (start !== undefined && start.type !== 'start') {
    error('/workflow_start', `must refer to a start step, not a ${String(start.type)} step`);
  }
  for (const key of Object.keys((doc.playbook_extensions ?? {}) as Json)) {
    if (key === CACAO_LAYOUT_EXTENSION) continue;
    unsupported(pointer('playbook_extensions', key), `extension '${key}' is not supported`);
  }

  const steps: Record<string, PlaybookStep> = {};
  for (const [id, raw] of Object.entries(workflow)) {
    const at = (...parts: (string | number)[]): string => pointer('workflow', id, ...parts);
    for (const field of ['on_completion', 'on_success', 'on_failure', 'on_true', 'on_false']) {
      reference(at(field), raw[field]);
    }
    let retry: StepRetry | undefined;
    for (const [key, value] of Object.entries((raw.step_extensions ?? {}) as Json)) {
      if (key === CACAO_LAYOUT_EXTENSION) continue;
      if (key !== OPENMDR_RETRY_EXTENSION) {
        unsupported(at('step_extensions', key), `extension '${key}' is not supported`);
        continue;
      }
      const options = value as Json;
      const maxAttempts = options.max_attempts;
      const backoffMs = options.backoff_ms ?? 0;
      if (
        typeof maxAttempts !== 'number' ||
        !Number.isInteger(maxAttempts) ||
        maxAttempts < 1 ||
        typeof backoffMs !== 'number' ||
        backoffMs < 0
      ) {
        error(
          at('step_extensions', key),
          'the retry extension needs max_attempts (integer ≥ 1) and backoff_ms (number ≥ 0)',
        );
      } else {
        retry = { maxAttempts, backoffMs };
      }
    }
    const base: StepBase = {
      id,
      variables: (raw.step_variables ?? {}) as Record<string, PlaybookVariable>,
    };
    if (typeof raw.name === 'string') base.name = raw.name;
    if (typeof raw.description === 'string') base.description = raw.description;
    if (typeof raw.delay === 'number') base.delay = raw.delay;
    if (typeof raw.timeout === 'number') base.timeout = raw.timeout;
    if (typeof raw.on_completion === 'string') base.onCompletion = raw.on_completion;
    if (typeof raw.on_success === 'string') base.onSuccess = raw.on_success;
    if (typeof raw.on_failure === 'string') base.onFailure = raw.on_failure;
    if (retry !== undefined) base.retry = retry;

    switch (raw.type) {
      case 'start':
      case 'end':
        steps[id] = { ...base, type: raw.type };
        break;
      case 'action': {
        const given = Array.isArray(raw.commands) && raw.commands.length > 0;
        const commands = given ? (raw.commands as PlaybookCommand[]) : [manualFallback(raw, id)];
        if (given) {
          commands.forEach((command, index) => {
            const path = at('commands', index);
            const commandProblems = validateCacaoCommand(command, path);
            if (commandProblems === undefined) {
              const known = (CACAO_COMMAND_TYPES as readonly string[]).includes(command.type);
              const message = known
                ? `command type '${command.type}' has no schema here`
                : `unknown command type '${command.type}' (CACAO 2.0 defines ${CACAO_COMMAND_TYPES.join(', ')})`;
              const agent = typeof raw.agent === 'string' ? agents[raw.agent] : undefined;
              const route = routeCommand(command.type, agent);
              if (route.by === 'agent') {
                // The step's agent (a SOARCA capability, an extension type) says who runs it.
                problems.push({
                  path: `${path}/type`,
                  message: `${message}: the step's agent routes it to executor '${route.executor}'`,
                  severity: 'warning',
                });
              } else {
                unsupported(`${path}/type`, message);
              }
              return;
            }
            problems.push(...commandProblems);
            if (command.type === 'openc2-http' && typeof command.content_b64 === 'string') {
              const text = decodeBase64(command.content_b64);
              let parsed: unknown;
              try {
                parsed = text === undefined ? undefined : JSON.parse(text);
              } catch {
                parsed = undefined;
              }
              if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
                error(`${path}/content_b64`, 'must be base64 of an OpenC2 command JSON object');
              }
            }
          });
        }
        const agent = typeof raw.agent === 'string' ? raw.agent : undefined;
        if (agent !== undefined && agents[agent] === undefined) {
          dangling(
            at('agent'),
            `refers to agent '${agent}', which is not in agent_definitions`,
            'its commands go to the executor of their type',
          );
        }
        strings(raw.targets).forEach((target, index) => {
          if (targets[target] === undefined) {
            dangling(
              at('targets', index),
              `refers to target '${target}', which is not in target_definitions`,
              'its commands get only the id',
            );
          }
        });
        const action: ActionStep = {
          ...base,
          type: 'action',
          commands,
          targets: strings(raw.targets),
          inArgs: strings(raw.in_args),
          outArgs: strings(raw.out_args),
        };
        if (agent !== undefined) action.agent = agent;
        if (!given) action.manualFallback = true;
        steps[id] = action;
        break;
      }
      case 'if-condition': {
        condition(at('condition'), raw.condition as string);
        const step: PlaybookStep = {
          ...base,
          type: 'if-condition',
          condition: raw.condition as string,
          onTrue: raw.on_true as string,
        };
        if (typeof raw.on_false === 'string') step.onFalse = raw.on_false;
        steps[id] = step;
        break;
      }
      case 'while-condition':
        condition(at('condition'), raw.condition as string);
        steps[id] = {
          ...base,
          type: 'while-condition',
          condition: raw.condition as string,
          onTrue: raw.on_true as string,
        };
        break;
      case 'switch-condition': {
        const cases = raw.cases as Record<string, string>;
        for (const [value, target] of Object.entries(cases)) reference(at('cases', value), target);
        const variable = typeof raw.switch === 'string' ? raw.switch : '';
        if (
          variable !== '' &&
          !/^__[a-zA-Z_][a-zA-Z0-9_-]{0,199}__(:value)?$/.test(variable.trim())
        ) {
          unsupported(at('switch'), 'switch must be a single variable reference (__name__:value)');
        }
        steps[id] = { ...base, type: 'switch-condition', switch: variable, cases };
        break;
      }
      case 'parallel': {
        const nextSteps = strings(raw.next_steps);
        for (const [index, next] of nextSteps.entries()) reference(at('next_steps', index), next);
        steps[id] = { ...base, type: 'parallel', nextSteps };
        break;
      }
      case 'playbook-action': {
        const step: PlaybookStep = {
          ...base,
          type: 'playbook-action',
          playbookId: raw.playbook_id as string,
          inArgs: strings(raw.in_args),
          outArgs: strings(raw.out_args),
        };
        if (typeof raw.playbook_version === 'string') step.playbookVersion = raw.playbook_version;
        steps[id] = step;
        break;
      }
      default:
        unsupported(at('type'), `step type '${String(raw.type)}' is not supported`);
    }
  }
  if (problems.some((problem) => problem.severity === 'error')) return { problems };
  const playbook: Playbook = {
    id: doc.id as string,
    name: doc.name as string,
    modified: doc.modified as string,
    start: doc.workflow_start as string,
    variables: (doc.playbook_variables ?? {}) as Record<string, PlaybookVariable>,
    steps,
    agents,
    targets,
    document: doc,
  };
  if (typeof doc.description === 'string') playbook.description = doc.description;
  if (typeof doc.workflow_exception === 'string') playbook.exception = doc.workflow_exception;
  return { playbook, problems };
}

/**
 * Like {@link importCacaoPlaybook}, but throws when the playbook has errors (warnings and
 * unsupported constructs do not throw; they are in the result's `problems`).
 *
 * @throws PlaybookValidationError with every problem.
 */
export function parseCacaoPlaybook(
  document: unknown,
  options: CacaoImportOptions = {},
): {
  playbook: Playbook;
  problems: PlaybookProblem[];
} {
  const result = importCacaoPlaybook(document, options);
  if (result.playbook === undefined) throw new PlaybookValidationError(result.problems);
  return { playbook: result.playbook, problems: result.problems };
}
