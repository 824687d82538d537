/**
 * The playbook model OpenMDR runs. CACAO 2.0 JSON and the TypeScript builder both produce it: the
 * builder writes CACAO 2.0 JSON and imports it, so there is one representation and one validator.
 */

/** A CACAO 2.0 variable (`__name__`): a type, an optional value, constant and external flags. */
export interface PlaybookVariable {
  type: string;
  value?: string | null;
  description?: string;
  constant?: boolean;
  external?: boolean;
}

/** A command of an action step, as CACAO writes it (`type` plus the type's own fields). */
export interface PlaybookCommand {
  /** The CACAO command type (`openc2-http`, `http-api`, `manual`, `bash`, …). */
  type: string;
  /** The command line or request line (`POST /openc2`, a shell line, a manual instruction). */
  command?: string;
  /** Base64 content (for `openc2-http`: the OpenC2 command JSON). */
  content_b64?: string;
  /** Plain content. */
  content?: string;
  headers?: Record<string, string[]>;
  description?: string;
  [field: string]: unknown;
}

/** Retries of a step (OpenMDR step extension). */
export interface StepRetry {
  /** Attempts in all, including the first (1 = no retry). */
  maxAttempts: number;
  /** Wait before the second attempt, doubled for each further one. */
  backoffMs: number;
}

/** Fields every step has. */
export interface StepBase {
  /** The step id (`action--<uuid>`). */
  id: string;
  name?: string;
  description?: string;
  /** Milliseconds to wait before the step starts. */
  delay?: number;
  /** Milliseconds after which the step fails with `ACTION_TIMEOUT`. */
  timeout?: number;
  /** Step-scoped variables. */
  variables: Record<string, PlaybookVariable>;
  onCompletion?: string;
  onSuccess?: string;
  onFailure?: string;
  /** Retries (from the OpenMDR step extension); absent means one attempt. */
  retry?: StepRetry;
}

/** The first step. */
export interface StartStep extends StepBase {
  type: 'start';
}

/** The end of the playbook or of a branch. */
export interface EndStep extends StepBase {
  type: 'end';
}

/** Commands run in order by an agent against targets. */
export interface ActionStep extends StepBase {
  type: 'action';
  commands: PlaybookCommand[];
  /**
   * Set when the playbook gave the step no commands: `commands` then holds one `manual` command
   * made from the step's name or description, so the step is planned and run as a manual step.
   */
  manualFallback?: true;
  /** The agent id (an entry of `agent_definitions`). */
  agent?: string;
  targets: string[];
  inArgs: string[];
  outArgs: string[];
}

/** If-then-else: `onTrue` and `onFalse` start branches that end in an end step. */
export interface IfConditionStep extends StepBase {
  type: 'if-condition';
  condition: string;
  onTrue: string;
  onFalse?: string;
}

/** While the condition holds, the `onTrue` branch runs again. */
export interface WhileConditionStep extends StepBase {
  type: 'while-condition';
  condition: string;
  onTrue: string;
}

/** Runs the branch of the case equal to the value of `switch` (or `default`). */
export interface SwitchConditionStep extends StepBase {
  type: 'switch-condition';
  switch: string;
  cases: Record<string, string>;
}

/** Runs each of `nextSteps`' branches. */
export interface ParallelStep extends StepBase {
  type: 'parallel';
  nextSteps: string[];
}

/** Runs another playbook. */
export interface PlaybookActionStep extends StepBase {
  type: 'playbook-action';
  playbookId: string;
  playbookVersion?: string;
  inArgs: string[];
  outArgs: string[];
}

/** A workflow step. */
export type PlaybookStep =
  | StartStep
  | EndStep
  | ActionStep
  | IfConditionStep
  | WhileConditionStep
  | SwitchConditionStep
  | ParallelStep
  | PlaybookActionStep;

/** A workflow step type. */
export type PlaybookStepType = PlaybookStep['type'];

/** A validated playbook. */
export interface Playbook {
  /** `playbook--<uuid>`. */
  id: string;
  name: string;
  description?: string;
  /** `modified` of the CACAO document: the version. */
  modified: string;
  /** The first step's id. */
  start: string;
  /** The step run when a step fails without `on_failure`. */
  exception?: string;
  /** Playbook-scoped variables. */
  variables: Record<string, PlaybookVariable>;
  /** Steps by id. */
  steps: Record<string, PlaybookStep>;
  /** Agent and target definitions, as written. */
  agents: Record<string, Record<string, unknown>>;
  targets: Record<string, Record<string, unknown>>;
  /** The CACAO 2.0 document it was read from. */
  document: Record<string, unknown>;
}

/**
 * The OpenMDR CACAO extension: step retries. Put it in a step's `step_extensions` as
 * `{ "<this id>": { "max_attempts": 3, "backoff_ms": 1000 } }`.
 */
export const OPENMDR_RETRY_EXTENSION = 'extension-definition--5b1f0c36-7c4e-4d52-9a55-6c0d8f9e2a11';

/** The agent and target types of CACAO 2.0's `agent-target-type-ov` vocabulary. */
export const CACAO_AGENT_TARGET_TYPES = [
  'group',
  'individual',
  'location',
  'organization',
  'sector',
  'http-api',
  'linux',
  'net-address',
  'security-category',
  'ssh',
] as const;

/** The authentication information types of CACAO 2.0's `authentication-info-type-ov` vocabulary. */
export const CACAO_AUTHENTICATION_INFO_TYPES = ['http-basic', 'oauth2', 'user-auth'] as const;

/** The CACAO command types of the specification (others are reported as unsupported). */
export const CACAO_COMMAND_TYPES = [
  'manual',
  'bash',
  'caldera-cmd',
  'elastic',
  'http-api',
  'jupyter',
  'kestrel',
  'openc2-http',
  'powershell',
  'sigma',
  'ssh',
  'yara',
] as const;
