import type { CommandRequest } from './commands.js';

/** Where a run is. */
export type RunStatus = 'running' | 'completed' | 'failed' | 'compensated' | 'compensation_failed';

/** A branching step whose branch is running (if, while, switch). */
export interface RunFrame {
  /** The branching step. */
  step: string;
}

/** A command that completed: never sent again by this run. */
export interface CompletedCommand {
  requestId: string;
  step: string;
  request: CommandRequest;
  /** Its undo, when it has one. */
  undo: CommandRequest | null;
  /** Epoch ms. */
  at: number;
}

/** An undo sent by compensation. */
export interface CompensationRecord {
  /** The undo's request id. */
  requestId: string;
  /** The request id of the command undone. */
  undoes: string;
  status: 'completed' | 'failed';
  error?: { code: string; message: string };
  at: number;
}

/** One processed step. */
export interface StepRecord {
  step: string;
  type: string;
  visit: number;
  status: 'completed' | 'failed' | 'timeout';
  attempts: number;
  startedAt: number;
  endedAt: number;
  error?: { code: string; message: string };
}

/**
 * The durable state of a run, saved in the store after every step and every command: enough to
 * resume after a crash from the last completed step without repeating a completed command.
 */
export interface RunState {
  runId: string;
  playbookId: string;
  /** The playbook's `modified` (its version): a run resumes only on the same version. */
  playbookVersion: string;
  status: RunStatus;
  /** The step to process next; `null` when a branch (or the playbook) reached its end. */
  current: string | null;
  /** Open branches, innermost last. */
  stack: RunFrame[];
  /** Variable values (playbook scope). */
  variables: Record<string, string | null>;
  /** How many times each step has started (request ids include it, so loops get new ones). */
  visits: Record<string, number>;
  /** The step started and not yet finished, with its visit number. */
  active: { step: string; visit: number } | null;
  /** Whether the run is in the playbook's exception step. */
  inException: boolean;
  completed: CompletedCommand[];
  compensations: CompensationRecord[];
  history: StepRecord[];
  failure: { step: string; code: string; message: string } | null;
  createdAt: number;
  updatedAt: number;
}
