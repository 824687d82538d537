import { type Clock, OpenMdrError, systemClock } from '@openmdr/core';
import type { Command, CommandResponse, Results } from '../actions/command.js';
import {
  OPENC2_LANGUAGE_VERSION,
  OPENC2_PROFILES,
  type OpenC2StatusCode,
} from '../actions/openc2.js';
import { ACTION_DEFINITIONS, type ActionKind } from '../actions/vocabulary.js';
import type { Actuator, ExecuteOptions } from './actuator.js';
import { CONNECTOR_ACTION_MAPS, type ConnectorActionMap } from './connector-action-maps.js';

/** Where a connector action stands (the connector kit's `ActionResult`). */
export type ConnectorActionResult =
  | { status: 'completed'; output: unknown }
  | { status: 'pending'; handle: string }
  | { status: 'failed'; reason: string };

/**
 * What the response layer needs of a connected connector. A `ConnectorInstance` from
 * `@openmdr/connectors` satisfies it as is.
 */
export interface ActionConnector {
  readonly manifest: {
    readonly id: string;
    readonly actions: Readonly<
      Record<
        string,
        {
          readonly asynchronous: boolean;
          readonly input: { safeParse(value: unknown): { success: boolean } };
        }
      >
    >;
  };
  startAction(name: string, input: unknown): Promise<ConnectorActionResult>;
  pollAction(name: string, handle: string): Promise<ConnectorActionResult>;
}

/** Options of {@link createConnectorActuator}. */
export interface ConnectorActuatorOptions {
  /** The mapping from action kinds to the connector's actions. Default: the built-in one for its id. */
  mapping?: ConnectorActionMap;
  /** Actuator id. Default: the connector's manifest id. */
  id?: string;
  /** Wait between polls, in ms. Default 2 000. */
  pollIntervalMs?: number;
  /** Give up polling after this long, in ms (the response is then 102 with the handle). Default 300 000. */
  timeoutMs?: number;
  /** Clock. */
  clock?: Clock;
  /** Sleep (injectable for tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The OpenC2 status of an error thrown by a connector or a mapping. */
export function statusOfError(error: unknown): OpenC2StatusCode {
  if (!OpenMdrError.isInstance(error)) return 500;
  const httpStatus = error.details?.['status'];
  if (error.code === 'CONNECTOR_AUTH' || httpStatus === 401) return 401;
  if (httpStatus === 403) return 403;
  if (httpStatus === 404) return 404;
  if (error.code === 'RESPONSE_ACTUATOR_INPUT' || httpStatus === 400) return 400;
  if (error.code === 'CONNECTOR_ACTION' && error.details?.['issues'] !== undefined) return 400;
  if (error.isRetryable) return 503;
  return 500;
}

function response(
  command: Command,
  status: OpenC2StatusCode,
  statusText: string,
  openmdr: NonNullable<Results['x-openmdr']>,
): CommandResponse {
  return {
    request_id: command.request_id,
    status,
    status_text: statusText,
    results: { 'x-openmdr': openmdr },
  };
}

/**
 * The `query features` answer of an actuator advertising `kinds`: OpenC2 versions, profiles and
 * the action → target-type pairs.
 */
export function featuresResults(kinds: readonly ActionKind[]): Results {
  const pairs: Record<string, string[]> = {};
  for (const kind of kinds) {
    const definition = ACTION_DEFINITIONS[kind];
    const targets = pairs[definition.action] ?? [];
    pairs[definition.action] = targets;
    for (const target of definition.targets) if (!targets.includes(target)) targets.push(target);
  }
  return { versions: [OPENC2_LANGUAGE_VERSION], profiles: [...OPENC2_PROFILES], pairs };
}

/**
 * Adapts a connected connector to an {@link Actuator}: it advertises the action kinds whose
 * mapped connector action the connector's manifest declares, translates commands to the
 * connector action's input (checked against the action's input schema), starts it and polls
 * asynchronous actions to completion. `query features` is answered from the advertised kinds.
 *
 * @example
 * ```ts
 * const falcon = await crowdstrikeConnector.connect({ config, secrets });
 * const actuator = createConnectorActuator(falcon, { pollIntervalMs: 5_000 });
 * actuator.kinds; // ['contain_device', 'allow_device', 'query_features']
 * ```
 */
export function createConnectorActuator(
  connector: ActionConnector,
  options: ConnectorActuatorOptions = {},
): Actuator {
  const id = options.id ?? connector.manifest.id;
  const mapping = options.mapping ?? CONNECTOR_ACTION_MAPS[connector.manifest.id] ?? {};
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const kinds: ActionKind[] = [];
  for (const [kind, entry] of Object.entries(mapping) as [
    ActionKind,
    NonNullable<ConnectorActionMap[ActionKind]>,
  ][]) {
    if (connector.manifest.actions[entry.action] !== undefined) kinds.push(kind);
  }
  kinds.push('query_features');

  const resultOf = (
    command: Command,
    connectorAction: string,
    result: ConnectorActionResult,
  ): CommandResponse => {
    if (result.status === 'completed') {
      return response(command, 200, 'OK', {
        connector: id,
        connector_action: connectorAction,
        output: result.output,
      });
    }
    if (result.status === 'pending') {
      return response(command, 102, 'Processing', {
        connector: id,
        connector_action: connectorAction,
        handle: result.handle,
      });
    }
    return response(command, 500, result.reason, {
      connector: id,
      connector_action: connectorAction,
    });
  };
  const failure = (
    command: Command,
    connectorAction: string | undefined,
    error: unknown,
  ): CommandResponse => {
    const status = statusOfError(error);
    const message = error instanceof Error ? error.message : String(error);
    return response(command, status, message, {
      connector: id,
      ...(connectorAction === undefined ? {} : { connector_action: connectorAction }),
      error_code: OpenMdrError.isInstance(error) ? error.code : 'UNKNOWN',
    });
  };

  const actuator: Actuator = {
    id,
    kinds,
    accepts(command, kind) {
      if (kind === 'query_features') return true;
      const entry = mapping[kind];
      if (entry === undefined || !kinds.includes(kind)) return false;
      try {
        const input = entry.input(command);
        return connector.manifest.actions[entry.action]?.input.safeParse(input).success === true;
      } catch {
        return false;
      }
    },
    async start(command, kind) {
      if (kind === 'query_features') {
        return {
          request_id: command.request_id,
          status: 200,
          status_text: 'OK',
          results: featuresResults(kinds),
        };
      }
      const entry = mapping[kind];
      if (entry === undefined || !kinds.includes(kind)) {
        return response(command, 501, `${id} does not support ${kind}`, { connector: id });
      }
      try {
        return resultOf(
          command,
          entry.action,
          await connector.startAction(entry.action, entry.input(command)),
        );
      } catch (error) {
        return failure(command, entry.action, error);
      }
    },
    async poll(command, kind, handle) {
      const entry = mapping[kind];
      if (entry === undefined)
        return response(command, 501, `${id} does not support ${kind}`, { connector: id });
      try {
        return resultOf(command, entry.action, await connector.pollAction(entry.action, handle));
      } catch (error) {
        return failure(command, entry.action, error);
      }
    },
    async execute(command, kind, executeOptions: ExecuteOptions = {}) {
      let current = await actuator.start(command, kind);
      const deadline = clock.now() + timeoutMs;
      while (current.status === 102) {
        const handle = current.results?.['x-openmdr']?.handle;
        if (handle === undefined || clock.now() >= deadline) return current;
        await sleep(pollIntervalMs, executeOptions.signal);
        current = await actuator.poll(command, kind, handle);
      }
      return current;
    },
  };
  return actuator;
}
