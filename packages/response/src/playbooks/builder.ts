import { createHash } from 'node:crypto';
import { parseCacaoPlaybook } from './cacao/import.js';
import {
  OPENMDR_RETRY_EXTENSION,
  type Playbook,
  type PlaybookCommand,
  type PlaybookVariable,
  type StepRetry,
} from './model.js';

/** Fields every builder step accepts. Step references are builder step names. */
export interface BuilderStepOptions {
  description?: string;
  /** Milliseconds to wait before the step starts. */
  delay?: number;
  /** Milliseconds after which the step fails. */
  timeout?: number;
  /** Step variables (`{ __count__: { type: 'integer', value: '0' } }`). */
  variables?: Record<string, PlaybookVariable>;
  /** The next step on success (default: the step added after this one). */
  next?: string;
  /** The next step on failure (default: the playbook's exception step, else the run fails). */
  onFailure?: string;
  /** Retries. */
  retry?: StepRetry;
}

/** An action step: commands run in order. */
export interface BuilderActionOptions extends BuilderStepOptions {
  commands: readonly PlaybookCommand[];
  /** The agent name (default: the built-in `openmdr` organisation agent). */
  agent?: string;
  inArgs?: string[];
  outArgs?: string[];
}

/** Options of {@link playbook}. */
export interface PlaybookBuilderOptions {
  description?: string;
  /** The CACAO `modified` timestamp, which is the playbook's version (default: the Unix epoch). */
  version?: string;
  /** The STIX identity of the author (default: a fixed OpenMDR identity). */
  createdBy?: string;
}

/** A stable CACAO id (`<type>--<uuid>`) for a name, derived by hashing (same name, same id). */
export function stableCacaoId(type: string, ...names: string[]): string {
  const hex = createHash('sha256').update(names.join('\u0000')).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${type}--${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * An `openc2-http` CACAO command carrying an OpenC2 command (`{ action, target, args?, actuator? }`).
 * Strings in it may reference variables (`'__host__:value'`); they are substituted at run time.
 */
export function openc2Command(
  command: Record<string, unknown>,
  description?: string,
): PlaybookCommand {
  const result: PlaybookCommand = {
    type: 'openc2-http',
    command: 'POST /openc2 HTTP/1.1',
    content_b64: Buffer.from(JSON.stringify(command), 'utf8').toString('base64'),
  };
  if (description !== undefined) result.description = description;
  return result;
}

/** A `manual` CACAO command: an instruction for a person (planned, never executed automatically). */
export function manualCommand(instruction: string): PlaybookCommand {
  return { type: 'manual', command: instruction };
}

type Pending =
  | { kind: 'action'; name: string; options: BuilderActionOptions }
  | { kind: 'end'; name: string; options: BuilderStepOptions }
  | {
      kind: 'if';
      name: string;
      options: BuilderStepOptions & { condition: string; onTrue: string; onFalse?: string };
    }
  | {
      kind: 'while';
      name: string;
      options: BuilderStepOptions & { condition: string; onTrue: string };
    }
  | {
      kind: 'switch';
      name: string;
      options: BuilderStepOptions & { switch: string; cases: Record<string, string> };
    }
  | { kind: 'parallel'; name: string; options: BuilderStepOptions & { branches: string[] } }
  | {
      kind: 'playbook';
      name: string;
      options: BuilderStepOptions & { playbookId: string; inArgs?: string[]; outArgs?: string[] };
    };

const STEP_TYPES: Record<Pending['kind'], string> = {
  action: 'action',
  end: 'end',
  if: 'if-condition',
  while: 'while-condition',
  switch: 'switch-condition',
  parallel: 'parallel',
  playbook: 'playbook-action',
};

/**
 * A typed playbook builder. Steps are named; a step's success goes to the step added after it
 * unless `next` says otherwise, and the chain after an `end` starts a new branch. Build gives CACAO
 * 2.0 JSON (`toCacao()`) or the validated {@link Playbook} (`build()`), the same representation a
 * CACAO import gives.
 *
 * @example
 * ```ts
 * const contain = playbook('contain-host')
 *   .variable('__host__', { type: 'string', external: true })
 *   .if('critical?', { condition: '__severity__:value >= 70', onTrue: 'contain' })
 *   .end('done')
 *   .action('contain', { commands: [openc2Command({ action: 'contain', target: { device: { hostname: '__host__:value' } } })] })
 *   .end('contained')
 *   .build();
 * ```
 */
export class PlaybookBuilder {
  readonly #name: string;
  readonly #options: PlaybookBuilderOptions;
  readonly #steps: Pending[] = [];
  readonly #variables: Record<string, PlaybookVariable> = {};
  readonly #agents: Record<string, Record<string, unknown>> = {};
  #exception: string | undefined;

  constructor(name: string, options: PlaybookBuilderOptions = {}) {
    this.#name = name;
    this.#options = options;
  }

  #add(step: Pending): this {
    if (this.#steps.some((existing) => existing.name === step.name)) {
      throw new Error(`playbook ${this.#name}: step '${step.name}' is defined twice`);
    }
    this.#steps.push(step);
    return this;
  }

  /** Declares a playbook variable (`__name__`). */
  variable(name: string, variable: PlaybookVariable): this {
    this.#variables[name] = variable;
    return this;
  }

  /** Declares an agent (`{ type: 'http-api', name: 'edr' }`) that action steps name in `agent`. */
  agent(name: string, definition: Record<string, unknown>): this {
    this.#agents[name] = { name, ...definition };
    return this;
  }

  /** The step run when a step fails and has no `onFailure`. */
  onException(step: string): this {
    this.#exception = step;
    return this;
  }

  /** An action step. */
  action(name: string, options: BuilderActionOptions): this {
    return this.#add({ kind: 'action', name, options });
  }

  /** An end step: ends the playbook or the branch it is on. */
  end(name: string, options: BuilderStepOptions = {}): this {
    return this.#add({ kind: 'end', name, options });
  }

  /** If-then-else: runs the `onTrue` (or `onFalse`) branch, then goes on with `next`. */
  if(
    name: string,
    options: BuilderStepOptions & { condition: string; onTrue: string; onFalse?: string },
  ): this {
    return this.#add({ kind: 'if', name, options });
  }

  /** Runs the `onTrue` branch while the condition holds, then goes on with `next`. */
  while(name: string, options: BuilderStepOptions & { condition: string; onTrue: string }): this {
    return this.#add({ kind: 'while', name, options });
  }

  /** Runs the branch of the case equal to the variable's value (or `default`). */
  switch(
    name: string,
    options: BuilderStepOptions & { switch: string; cases: Record<string, string> },
  ): this {
    return this.#add({ kind: 'switch', name, options });
  }

  /** Runs every branch, then goes on with `next`. */
  parallel(name: string, options: BuilderStepOptions & { branches: string[] }): this {
    return this.#add({ kind: 'parallel', name, options });
  }

  /** Runs another playbook (by CACAO id). */
  playbook(
    name: string,
    options: BuilderStepOptions & { playbookId: string; inArgs?: string[]; outArgs?: string[] },
  ): this {
    return this.#add({ kind: 'playbook', name, options });
  }

  /** The CACAO 2.0 document. */
  toCacao(): Record<string, unknown> {
    const name = this.#name;
    const idOf = new Map<string, string>();
    for (const step of this.#steps)
      idOf.set(step.name, stableCacaoId(STEP_TYPES[step.kind], name, step.name));
    const ref = (stepName: string, from: string): string => {
      const id = idOf.get(stepName);
      if (id === undefined)
        throw new Error(`playbook ${name}: step '${from}' refers to unknown step '${stepName}'`);
      return id;
    };
    const agentIds = new Map<string, string>();
    const agentDefinitions: Record<string, Record<string, unknown>> = {};
    const defaultAgent = stableCacaoId('organization', name, '\u0000agent', 'openmdr');
    const agentId = (agentName: string | undefined): string => {
      if (agentName === undefined) {
        agentDefinitions[defaultAgent] = { type: 'organization', name: 'openmdr' };
        return defaultAgent;
      }
      const definition = this.#agents[agentName];
      if (definition === undefined)
        throw new Error(`playbook ${name}: unknown agent '${agentName}'`);
      const type = typeof definition.type === 'string' ? definition.type : 'organization';
      const id = agentIds.get(agentName) ?? stableCacaoId(type, name, '\u0000agent', agentName);
      agentIds.set(agentName, id);
      agentDefinitions[id] = { type, ...definition };
      return id;
    };

    const startId = stableCacaoId('start', name, '\u0000start');
    const workflow: Record<string, Record<string, unknown>> = {};
    const first = this.#steps[0];
    workflow[startId] = { type: 'start', name: 'start' };
    if (first !== undefined) workflow[startId].on_completion = ref(first.name, 'start');

    this.#steps.forEach((step, index) => {
      const following = this.#steps[index + 1];
      const out: Record<string, unknown> = { type: STEP_TYPES[step.kind], name: step.name };
      const options = step.options;
      if (options.description !== undefined) out.description = options.description;
      if (options.delay !== undefined) out.delay = options.delay;
      if (options.timeout !== undefined) out.timeout = options.timeout;
      if (options.variables !== undefined) out.step_variables = options.variables;
      if (options.retry !== undefined) {
        out.step_extensions = {
          [OPENMDR_RETRY_EXTENSION]: {
            max_attempts: options.retry.maxAttempts,
            backoff_ms: options.retry.backoffMs,
          },
        };
      }
      if (step.kind !== 'end') {
        const next = options.next ?? following?.name;
        if (next === undefined)
          throw new Error(
            `playbook ${name}: step '${step.name}' has no next step; add an end step`,
          );
        out.on_success = ref(next, step.name);
        if (options.onFailure !== undefined) out.on_failure = ref(options.onFailure, step.name);
      }
      switch (step.kind) {
        case 'action':
          out.commands = step.options.commands.map((command) => ({ ...command }));
          out.agent = agentId(step.options.agent);
          if (step.options.inArgs !== undefined) out.in_args = step.options.inArgs;
          if (step.options.outArgs !== undefined) out.out_args = step.options.outArgs;
          break;
        case 'if':
          out.condition = step.options.condition;
          out.on_true = ref(step.options.onTrue, step.name);
          if (step.options.onFalse !== undefined)
            out.on_false = ref(step.options.onFalse, step.name);
          break;
        case 'while':
          out.condition = step.options.condition;
          out.on_true = ref(step.options.onTrue, step.name);
          break;
        case 'switch':
          out.switch = step.options.switch;
          out.cases = Object.fromEntries(
            Object.entries(step.options.cases).map(([value, target]) => [
              value,
              ref(target, step.name),
            ]),
          );
          break;
        case 'parallel':
          out.next_steps = step.options.branches.map((branch) => ref(branch, step.name));
          break;
        case 'playbook':
          out.playbook_id = step.options.playbookId;
          if (step.options.inArgs !== undefined) out.in_args = step.options.inArgs;
          if (step.options.outArgs !== undefined) out.out_args = step.options.outArgs;
          break;
        case 'end':
          break;
      }
      workflow[ref(step.name, step.name)] = out;
    });

    const version = this.#options.version ?? '1970-01-01T00:00:00.000Z';
    const document: Record<string, unknown> = {
      type: 'playbook',
      spec_version: 'cacao-2.0',
      id: stableCacaoId('playbook', name),
      name,
      created_by: this.#options.createdBy ?? stableCacaoId('identity', 'openmdr'),
      created: version,
      modified: version,
      workflow_start: startId,
      workflow,
    };
    if (this.#options.description !== undefined) document.description = this.#options.description;
    if (this.#exception !== undefined)
      document.workflow_exception = ref(this.#exception, 'onException');
    if (Object.keys(this.#variables).length > 0)
      document.playbook_variables = { ...this.#variables };
    if (Object.keys(agentDefinitions).length > 0) document.agent_definitions = agentDefinitions;
    return document;
  }

  /**
   * The validated playbook.
   *
   * @throws PlaybookValidationError when the CACAO document it makes is invalid.
   */
  build(): Playbook {
    return parseCacaoPlaybook(this.toCacao()).playbook;
  }
}

/** Starts a {@link PlaybookBuilder}. */
export function playbook(name: string, options: PlaybookBuilderOptions = {}): PlaybookBuilder {
  return new PlaybookBuilder(name, options);
}
