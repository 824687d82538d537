import {
  type ActionRequestV1,
  type ActionResultV1,
  actionsByKind,
  type ConnectorInstance,
} from '@openmdr/connector-kit';
import { type Clock, OpenMdrError, systemClock } from '@openmdr/core';
import type { Command, CommandResponse, Results } from '../actions/command.js';
import {
  OPENC2_LANGUAGE_VERSION,
  OPENC2_PROFILES,
  type OpenC2StatusCode,
} from '../actions/openc2.js';
import { ACTION_DEFINITIONS, ACTION_KINDS, type ActionKind } from '../actions/vocabulary.js';
import { actionRequestOf } from './action-request.js';
import type { Actuator, ExecuteOptions } from './actuator.js';

/**
 * What an actuator needs of a connected connector: its manifest (whose actions declare the
 * action kinds they implement), `startAction` and `pollAction`. A `ConnectorInstance` of the
 * connector kit is one; so is a wrapper around one.
 */
export type ActionConnector = Pick<ConnectorInstance, 'manifest' | 'startAction' | 'pollAction'>;

/** How one action kind is carried out by one connector action, overriding what the connector declares. */
export interface ConnectorActionMapping {
  /** The connector action's name (`contain`, `isolate`, `suspend-user`, …). */
  action: string;
  /**
   * Builds the connector action's input from the vendor-neutral request (and, for what the
   * request does not carry, the command). Throws `ActionRequestError` or
   * {@link ActuatorInputError} when the command lacks what the action needs.
   */
  input(request: ActionRequestV1, command: Command): unknown;
}

/** Overrides of a connector's declared action kinds, by kind. */
export type ConnectorActionMap = Readonly<Partial<Record<ActionKind, ConnectorActionMapping>>>;

/** Options of {@link createConnectorActuator}. */
export interface ConnectorActuatorOptions {
  /**
   * Overrides, by kind, of the action kinds the connector's manifest declares (`implements`), for
   * embedders who carry a kind differently or add one the connector does not declare. Entries
   * naming an action the manifest does not have are ignored.
   */
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

const BAD_REQUEST_CODES = new Set(['RESPONSE_ACTUATOR_INPUT', 'CONNECTOR_ACTION_REQUEST']);

/** The OpenC2 status of an error thrown by a connector, an input builder or a mapping. */
export function statusOfError(error: unknown): OpenC2StatusCode {
  if (!OpenMdrError.isInstance(error)) return 500;
  const httpStatus = error.details?.['status'];
  if (error.code === 'CONNECTOR_AUTH' || httpStatus === 401) return 401;
  if (httpStatus === 403) return 403;
  if (httpStatus === 404) return 404;
  if (BAD_REQUEST_CODES.has(error.code) || httpStatus === 400) return 400;
  if (error.code === 'CONNECTOR_ACTION_KIND') return 501;
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

/** The mapping of every kind the connector carries: overrides first, then the declared kinds. */
function mappingsOf(
  connector: ActionConnector,
  overrides: ConnectorActionMap,
): Partial<Record<ActionKind, ConnectorActionMapping>> {
  const { actions } = connector.manifest;
  const declared = actionsByKind(connector.manifest);
  const mappings: Partial<Record<ActionKind, ConnectorActionMapping>> = {};
  for (const kind of ACTION_KINDS) {
    if (kind === 'query_features') continue;
    const override = overrides[kind];
    if (override !== undefined && actions[override.action] !== undefined) {
      mappings[kind] = override;
      continue;
    }
    const action = declared[kind];
    const build = action === undefined ? undefined : actions[action]?.implements?.[kind];
    if (action !== undefined && build !== undefined) {
      mappings[kind] = { action, input: (request) => build(request) };
    }
  }
  return mappings;
}

/**
 * Adapts a connected connector to an {@link Actuator}. It advertises the action kinds the
 * connector's actions declare they implement (their manifest's `implements`, overridden by
 * `mapping`), in vocabulary order, plus `query_features` (answered from those kinds). A command
 * becomes a vendor-neutral `ActionRequestV1`, the implementing action's builder turns it into
 * the action's input (checked against its input schema), and the action is started and, when
 * asynchronous, polled to completion. No connector is known by name: a new connector works as
 * soon as its manifest declares its kinds.
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
  const mappings = mappingsOf(connector, options.mapping ?? {});
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const kinds: ActionKind[] = [...(Object.keys(mappings) as ActionKind[]), 'query_features'];
  const inputOf = (entry: ConnectorActionMapping, command: Command, kind: ActionKind): unknown =>
    entry.input(actionRequestOf(command, kind), command);

  const resultOf = (
    command: Command,
    connectorAction: string,
    result: ActionResultV1,
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
      const entry = mappings[kind];
      if (entry === undefined) return false;
      try {
        const input = inputOf(entry, command, kind);
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
      const entry = mappings[kind];
      if (entry === undefined) {
        return response(command, 501, `${id} does not support ${kind}`, { connector: id });
      }
      try {
        return resultOf(
          command,
          entry.action,
          await connector.startAction(entry.action, inputOf(entry, command, kind)),
        );
      } catch (error) {
        return failure(command, entry.action, error);
      }
    },
    async poll(command, kind, handle) {
      const entry = mappings[kind];
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
