import { type Clock, OpenMdrError, systemClock, type TenantStore } from '@openmdr/core';
import type { AuditEntry } from '../audit/audit-log.js';
import type { PlaybookStepErrorCode } from '../error-codes.js';
import {
  type CommandAuthorizer,
  type CommandExecutors,
  type CommandRequest,
  resolveCommand,
} from './commands.js';
import { evaluateCondition, parseCondition } from './condition.js';
import { PlaybookRunError } from './errors.js';
import type { ActionStep, Playbook, PlaybookStep } from './model.js';
import { chooseExecutor } from './routing.js';
import type { RunFrame, RunState, StepRecord } from './run-state.js';
import { createRunStore, type RunStore } from './run-store.js';
import { variableValues } from './variables.js';

/**
 * A step failed for a reason of the engine's own, with a stable code: `ACTION_TIMEOUT`,
 * `NO_EXECUTOR`, `POLICY_DENIED`, `APPROVAL_REQUIRED`. (An executor's own errors keep their
 * codes.)
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#action_timeout | ACTION_TIMEOUT} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#no_executor | NO_EXECUTOR} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#policy_denied | POLICY_DENIED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#approval_required | APPROVAL_REQUIRED} in the error reference
 */
export class PlaybookStepError extends OpenMdrError {
  /** Marks playbook step errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.PlaybookStepError');
  declare readonly code: PlaybookStepErrorCode;
  constructor(
    code: PlaybookStepErrorCode,
    message: string,
    options: { cause?: unknown; isRetryable?: boolean } = {},
  ) {
    super(code, message, options);
    this.name = 'PlaybookStepError';
  }
}

/** Options of {@link PlaybookEngine}. */
export interface PlaybookEngineOptions {
  /** The tenant's store: run states and timelines live there. */
  store: TenantStore;
  /**
   * Executors by key: a CACAO command type, or the agent type a step's agent routes its commands
   * to (`routeCommand`); a command with none fails its step with `NO_EXECUTOR`.
   */
  executors: CommandExecutors;
  /** The authority policy, asked before every command; `deny`/`approval` fail the step. */
  authorize?: CommandAuthorizer;
  /** Playbooks that `playbook-action` steps may run, by CACAO id. */
  playbooks?: Readonly<Record<string, Playbook>>;
  /** Undo completed commands when a run fails (default `true`). */
  compensateOnFailure?: boolean;
  /** Most times one step may start in a run (guards `while` loops; default 1000). */
  maxStepVisits?: number;
  clock?: Clock;
  /** Waits (delays, retry back-off); injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The tenant's audit log (an `AuditLog`): run and step state changes are appended as
   * `state.changed`, policy answers as `policy.decided`, commands as `command.sent` and
   * `command.response` (skip those with an executor that audits itself, such as the dispatcher's,
   * with `auditCommands: false`).
   */
  audit?: { append(entry: AuditEntry): Promise<unknown> };
  /** Whether commands are audited here (default `true`). */
  auditCommands?: boolean;
  /** Called after every saved state change (for progress and tests). */
  onProgress?: (state: RunState, event: string) => void;
}

/** Options of {@link PlaybookEngine.run}. */
export interface RunOptions {
  /** The run id: stable per intended run (for example `<incident id>:<playbook name>`). */
  runId: string;
  /** Initial values of variables (`{ __host__: 'ws-1' }`), over the playbook's own. */
  variables?: Readonly<Record<string, string | null>>;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

function errorInfo(error: unknown): { code: string; message: string; retryable: boolean } {
  if (OpenMdrError.isInstance(error)) {
    return { code: error.code, message: error.message, retryable: error.isRetryable };
  }
  return {
    code: 'ACTION_FAILED',
    message: error instanceof Error ? error.message : String(error),
    retryable: true,
  };
}

/**
 * Runs playbooks durably. The state is saved in the store after every step and every command, so
 * a run interrupted anywhere (even by `SIGKILL`) resumes with {@link PlaybookEngine.run} from its
 * last completed step, and no completed command is sent again. Commands carry a stable request id,
 * so an idempotent actuator acts once on the one command that may have been in flight.
 */
export class PlaybookEngine {
  readonly #options: PlaybookEngineOptions;
  readonly #runs: RunStore;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: PlaybookEngineOptions) {
    this.#options = options;
    this.#runs = createRunStore(options.store);
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  /** The saved state of a run, or `undefined`. */
  async getRun(runId: string): Promise<RunState | undefined> {
    return this.#runs.load(runId);
  }

  /**
   * Starts the run, or resumes it if its state exists, and runs it to its end. A finished run is
   * returned as it is.
   *
   * @throws PlaybookRunError when the saved run belongs to another playbook or version.
   */
  async run(playbook: Playbook, options: RunOptions): Promise<RunState> {
    return this.#run(
      playbook,
      options,
      playbook.start,
      this.#options.compensateOnFailure !== false,
    );
  }

  async #run(
    playbook: Playbook,
    options: RunOptions,
    start: string,
    compensate: boolean,
  ): Promise<RunState> {
    let state = await this.#runs.load(options.runId);
    if (state === undefined) {
      const now = this.#clock.now();
      state = {
        runId: options.runId,
        playbookId: playbook.id,
        playbookVersion: playbook.modified,
        status: 'running',
        current: start,
        stack: [],
        variables: { ...variableValues(playbook.variables), ...options.variables },
        visits: {},
        active: null,
        inException: false,
        completed: [],
        compensations: [],
        history: [],
        failure: null,
        createdAt: now,
        updatedAt: now,
      };
      await this.#save(state, 'run.started');
    } else if (state.playbookId !== playbook.id || state.playbookVersion !== playbook.modified) {
      throw new PlaybookRunError(
        `run ${options.runId} belongs to playbook ${state.playbookId} version ${state.playbookVersion}`,
        { details: { runId: options.runId, playbookId: playbook.id, version: playbook.modified } },
      );
    }
    while (state.status === 'running') await this.#advance(playbook, state);
    if (state.status === 'failed' && compensate) return this.#compensate(state);
    return state;
  }

  /**
   * Undoes the completed commands of a run, newest first, where an undo exists; each undo is sent
   * once (it has its own stable request id) and recorded. Safe to call again after a crash.
   *
   * @throws PlaybookRunError when the run does not exist.
   */
  async compensate(runId: string): Promise<RunState> {
    const state = await this.#runs.load(runId);
    if (state === undefined)
      throw new PlaybookRunError(`run ${runId} does not exist`, { details: { runId } });
    return this.#compensate(state);
  }

  async #compensate(state: RunState): Promise<RunState> {
    const done = new Set(
      state.compensations.filter((item) => item.status === 'completed').map((item) => item.undoes),
    );
    for (const completed of [...state.completed].reverse()) {
      if (completed.undo === null || done.has(completed.requestId)) continue;
      const choice = chooseExecutor(this.#options.executors, completed.undo);
      const executor = choice.executor;
      const at = this.#clock.now();
      try {
        if (executor === undefined) throw new PlaybookStepError('NO_EXECUTOR', choice.reason);
        await this.#auditCommand(state, 'command.sent', completed.undo.requestId, {
          undoes: completed.requestId,
          type: completed.undo.type,
          openc2: completed.undo.openc2 ?? null,
        });
        await executor.execute(completed.undo, new AbortController().signal);
        await this.#auditCommand(state, 'command.response', completed.undo.requestId, { ok: true });
        state.compensations.push({
          requestId: completed.undo.requestId,
          undoes: completed.requestId,
          status: 'completed',
          at,
        });
      } catch (error) {
        const { code, message } = errorInfo(error);
        await this.#auditCommand(state, 'command.response', completed.undo.requestId, {
          ok: false,
          code,
          message,
        });
        state.compensations.push({
          requestId: completed.undo.requestId,
          undoes: completed.requestId,
          status: 'failed',
          error: { code, message },
          at,
        });
      }
      await this.#save(state, 'compensation.command');
    }
    const failed = state.completed.some(
      (completed) =>
        completed.undo !== null &&
        !state.compensations.some(
          (item) => item.undoes === completed.requestId && item.status === 'completed',
        ),
    );
    state.status = failed ? 'compensation_failed' : 'compensated';
    await this.#save(state, `run.${state.status}`);
    return state;
  }

  async #auditCommand(
    state: RunState,
    type: 'command.sent' | 'command.response',
    requestId: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    if (this.#options.auditCommands === false) return;
    await this.#options.audit?.append({ type, actor: `playbook:${state.runId}`, requestId, data });
  }

  async #save(
    state: RunState,
    event: string,
    data: Record<string, string | number | null> = {},
  ): Promise<void> {
    state.updatedAt = this.#clock.now();
    await this.#runs.save(state);
    await this.#runs.record(state.runId, {
      event,
      at: state.updatedAt,
      status: state.status,
      ...data,
    });
    if (
      this.#options.audit !== undefined &&
      (event.startsWith('run.') || event.startsWith('step.'))
    ) {
      await this.#options.audit.append({
        type: 'state.changed',
        actor: `playbook:${state.runId}`,
        data: {
          runId: state.runId,
          playbookId: state.playbookId,
          event,
          status: state.status,
          ...data,
        },
      });
    }
    this.#options.onProgress?.(state, event);
  }

  #values(state: RunState, step?: PlaybookStep): Record<string, string | null> {
    return { ...(step === undefined ? {} : variableValues(step.variables)), ...state.variables };
  }

  #condition(state: RunState, step: PlaybookStep, text: string): boolean {
    return evaluateCondition(parseCondition(text), this.#values(state, step));
  }

  /** Processes one step (or closes one finished branch) and saves the state. */
  async #advance(playbook: Playbook, state: RunState): Promise<void> {
    if (state.current === null) {
      const frame = state.stack.at(-1);
      if (frame === undefined) {
        state.status = 'completed';
        await this.#save(state, 'run.completed');
        return;
      }
      await this.#closeBranch(playbook, state, frame);
      return;
    }
    const step = playbook.steps[state.current];
    if (step === undefined) {
      throw new PlaybookRunError(
        `run ${state.runId}: step ${state.current} is not in the playbook`,
      );
    }
    let visit: number;
    if (state.active?.step === step.id) {
      visit = state.active.visit;
    } else {
      visit = (state.visits[step.id] ?? 0) + 1;
      const limit = this.#options.maxStepVisits ?? 1000;
      if (visit > limit) {
        return this.#fail(playbook, state, step, visit, 1, this.#clock.now(), {
          code: 'STEP_VISIT_LIMIT',
          message: `step started more than ${limit} times`,
        });
      }
      state.visits[step.id] = visit;
      state.active = { step: step.id, visit };
      await this.#save(state, 'step.started', { step: step.id, visit });
    }
    const startedAt = this.#clock.now();
    if (step.delay !== undefined && step.delay > 0) await this.#sleep(step.delay);

    switch (step.type) {
      case 'start':
        return this.#succeed(state, step, visit, 1, startedAt);
      case 'end':
        state.active = null;
        state.current = null;
        state.history.push({
          step: step.id,
          type: step.type,
          visit,
          status: 'completed',
          attempts: 1,
          startedAt,
          endedAt: this.#clock.now(),
        });
        await this.#save(state, 'step.completed', { step: step.id, visit });
        return;
      case 'if-condition': {
        const branch = this.#condition(state, step, step.condition) ? step.onTrue : step.onFalse;
        if (branch === undefined) return this.#succeed(state, step, visit, 1, startedAt);
        return this.#openBranch(state, step, visit, { step: step.id }, branch);
      }
      case 'while-condition':
        if (this.#condition(state, step, step.condition)) {
          return this.#openBranch(state, step, visit, { step: step.id }, step.onTrue);
        }
        return this.#succeed(state, step, visit, 1, startedAt);
      case 'switch-condition': {
        const value = this.#values(state, step)[step.switch.trim().replace(/:value$/, '')] ?? '';
        const branch = step.cases[value] ?? step.cases.default;
        if (branch === undefined) return this.#succeed(state, step, visit, 1, startedAt);
        return this.#openBranch(state, step, visit, { step: step.id }, branch);
      }
      case 'parallel':
        return this.#runParallel(playbook, state, step, visit, startedAt);
      case 'playbook-action':
        return this.#runPlaybookAction(playbook, state, step, visit, startedAt);
      case 'action':
        return this.#runAction(playbook, state, step, visit, startedAt);
    }
  }

  async #openBranch(
    state: RunState,
    step: PlaybookStep,
    visit: number,
    frame: RunFrame,
    branch: string,
  ): Promise<void> {
    state.stack.push(frame);
    state.active = null;
    state.current = branch;
    await this.#save(state, 'branch.opened', { step: step.id, visit, branch });
  }

  async #closeBranch(playbook: Playbook, state: RunState, frame: RunFrame): Promise<void> {
    const step = playbook.steps[frame.step] as PlaybookStep;
    state.stack.pop();
    const visit = state.visits[step.id] ?? 1;
    if (step.type === 'while-condition') {
      // The loop step starts again: it re-evaluates its condition.
      state.current = step.id;
      await this.#save(state, 'branch.closed', { step: step.id, visit });
      return;
    }
    await this.#succeed(state, step, visit, 1, this.#clock.now());
  }

  async #succeed(
    state: RunState,
    step: PlaybookStep,
    visit: number,
    attempts: number,
    startedAt: number,
  ): Promise<void> {
    state.history.push({
      step: step.id,
      type: step.type,
      visit,
      status: 'completed',
      attempts,
      startedAt,
      endedAt: this.#clock.now(),
    });
    state.active = null;
    state.current = step.onCompletion ?? step.onSuccess ?? null;
    await this.#save(state, 'step.completed', { step: step.id, visit, attempts });
  }

  async #fail(
    playbook: Playbook,
    state: RunState,
    step: PlaybookStep,
    visit: number,
    attempts: number,
    startedAt: number,
    error: { code: string; message: string },
  ): Promise<void> {
    const record: StepRecord = {
      step: step.id,
      type: step.type,
      visit,
      status: error.code === 'ACTION_TIMEOUT' ? 'timeout' : 'failed',
      attempts,
      startedAt,
      endedAt: this.#clock.now(),
      error,
    };
    state.history.push(record);
    state.active = null;
    const next = step.onCompletion ?? step.onFailure;
    if (next !== undefined) {
      state.current = next;
    } else if (playbook.exception !== undefined && !state.inException) {
      state.inException = true;
      state.stack = [];
      state.current = playbook.exception;
    } else {
      state.status = 'failed';
      state.failure = { step: step.id, code: error.code, message: error.message };
    }
    await this.#save(state, 'step.failed', { step: step.id, visit, code: error.code });
  }

  async #runAction(
    playbook: Playbook,
    state: RunState,
    step: ActionStep,
    visit: number,
    startedAt: number,
  ): Promise<void> {
    const maxAttempts = step.retry?.maxAttempts ?? 1;
    const done = new Set(state.completed.map((completed) => completed.requestId));
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        await this.#withTimeout(step.timeout, async (signal) => {
          for (const [index, command] of step.commands.entries()) {
            const requestId = `${state.runId}:${step.id}:${visit}:${index}`;
            if (done.has(requestId)) continue;
            if (signal.aborted) return;
            const request = resolveCommand({
              requestId,
              step,
              index,
              command,
              values: this.#values(state, step),
              agents: playbook.agents,
              targets: playbook.targets,
            });
            await this.#execute(state, request, signal);
            done.add(requestId);
          }
        });
        return this.#succeed(state, step, visit, attempt, startedAt);
      } catch (error) {
        const info = errorInfo(error);
        if (attempt >= maxAttempts || !info.retryable) {
          return this.#fail(playbook, state, step, visit, attempt, startedAt, info);
        }
        await this.#runs.record(state.runId, {
          event: 'step.retry',
          at: this.#clock.now(),
          step: step.id,
          attempt,
          code: info.code,
        });
        await this.#sleep((step.retry?.backoffMs ?? 0) * 2 ** (attempt - 1));
      }
    }
  }

  async #execute(state: RunState, request: CommandRequest, signal: AbortSignal): Promise<void> {
    const choice = chooseExecutor(this.#options.executors, request);
    const executor = choice.executor;
    if (executor === undefined) throw new PlaybookStepError('NO_EXECUTOR', choice.reason);
    if (this.#options.authorize !== undefined) {
      const authorization = await this.#options.authorize(request);
      await this.#runs.record(state.runId, {
        event: 'command.authorization',
        at: this.#clock.now(),
        requestId: request.requestId,
        decision: authorization.decision,
        reason: authorization.reason,
      });
      await this.#options.audit?.append({
        type: 'policy.decided',
        actor: `playbook:${state.runId}`,
        requestId: request.requestId,
        data: { decision: authorization.decision, reason: authorization.reason },
      });
      if (authorization.decision !== 'allow') {
        throw new PlaybookStepError(
          authorization.decision === 'deny' ? 'POLICY_DENIED' : 'APPROVAL_REQUIRED',
          `command ${request.requestId} not authorized: ${authorization.reason}`,
        );
      }
    }
    const auditCommands = this.#options.auditCommands !== false ? this.#options.audit : undefined;
    await auditCommands?.append({
      type: 'command.sent',
      actor: `playbook:${state.runId}`,
      requestId: request.requestId,
      data: {
        type: request.type,
        openc2: request.openc2 ?? null,
        command: request.command ?? null,
      },
    });
    let result: Awaited<ReturnType<typeof executor.execute>>;
    try {
      result = await executor.execute(request, signal);
    } catch (error) {
      const { code, message } = errorInfo(error);
      await auditCommands?.append({
        type: 'command.response',
        actor: `playbook:${state.runId}`,
        requestId: request.requestId,
        data: { ok: false, code, message },
      });
      throw error;
    }
    await auditCommands?.append({
      type: 'command.response',
      actor: `playbook:${state.runId}`,
      requestId: request.requestId,
      data: { ok: true },
    });
    // A command that finished after its step timed out still acted: keep it for compensation.
    if (result?.variables !== undefined) Object.assign(state.variables, result.variables);
    state.completed.push({
      requestId: request.requestId,
      step: request.step,
      request,
      undo: executor.undo?.(request) ?? null,
      at: this.#clock.now(),
    });
    await this.#save(state, 'command.completed', {
      step: request.step,
      requestId: request.requestId,
    });
  }

  async #withTimeout(
    timeout: number | undefined,
    body: (signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    const controller = new AbortController();
    if (timeout === undefined || timeout <= 0) return body(controller.signal);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new PlaybookStepError('ACTION_TIMEOUT', `step timed out after ${timeout} ms`, {
            isRetryable: true,
          }),
        );
      }, timeout);
    });
    try {
      await Promise.race([body(controller.signal), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs the branches of a parallel step at the same time, each as a durable branch run
   * (`<runId>/<stepId>/<visit>/<index>`) that starts at the branch's first step and ends at its end
   * step. After a restart, finished branches return at once and unfinished ones resume. Branch
   * variables and completed commands are merged back in branch order.
   */
  async #runParallel(
    playbook: Playbook,
    state: RunState,
    step: Extract<PlaybookStep, { type: 'parallel' }>,
    visit: number,
    startedAt: number,
  ): Promise<void> {
    const variables = this.#values(state, step);
    const results = await Promise.all(
      step.nextSteps.map((branch, index) =>
        this.#run(
          playbook,
          { runId: `${state.runId}/${step.id}/${visit}/${index}`, variables },
          branch,
          false,
        ),
      ),
    );
    const known = new Set(state.completed.map((completed) => completed.requestId));
    for (const result of results) {
      for (const [name, value] of Object.entries(result.variables)) {
        if (value !== variables[name]) state.variables[name] = value;
      }
      state.completed.push(
        ...result.completed.filter((completed) => !known.has(completed.requestId)),
      );
    }
    const failed = results.find((result) => result.status !== 'completed');
    if (failed === undefined) return this.#succeed(state, step, visit, 1, startedAt);
    return this.#fail(playbook, state, step, visit, 1, startedAt, {
      code: 'BRANCH_FAILED',
      message:
        `branch run ${failed.runId} failed: ${failed.failure?.code ?? 'unknown'} ${failed.failure?.message ?? ''}`.trim(),
    });
  }

  async #runPlaybookAction(
    playbook: Playbook,
    state: RunState,
    step: Extract<PlaybookStep, { type: 'playbook-action' }>,
    visit: number,
    startedAt: number,
  ): Promise<void> {
    const child = this.#options.playbooks?.[step.playbookId];
    if (child === undefined) {
      return this.#fail(playbook, state, step, visit, 1, startedAt, {
        code: 'PLAYBOOK_NOT_FOUND',
        message: `playbook ${step.playbookId} is not registered with the engine`,
      });
    }
    const values = this.#values(state, step);
    const inputs: Record<string, string | null> = {};
    for (const name of step.inArgs) inputs[name] = values[name] ?? null;
    const result = await this.run(child, {
      runId: `${state.runId}/${step.id}/${visit}`,
      variables: inputs,
    });
    for (const name of step.outArgs) state.variables[name] = result.variables[name] ?? null;
    if (result.status === 'completed') {
      // The child's actions become the parent's: compensating the parent undoes them too.
      const known = new Set(state.completed.map((completed) => completed.requestId));
      state.completed.push(
        ...result.completed.filter((completed) => !known.has(completed.requestId)),
      );
      return this.#succeed(state, step, visit, 1, startedAt);
    }
    return this.#fail(playbook, state, step, visit, 1, startedAt, {
      code: 'PLAYBOOK_FAILED',
      message: `playbook ${step.playbookId} ended ${result.status}`,
    });
  }
}
