import { OpenMdrError } from '@openmdr/core';
import type * as z from 'zod';
import type { ActionManifestsV1, ActionResultV1 } from '../contract/v1/action-v1.js';
import type { ConnectorInstanceV1 } from '../contract/v1/connector-instance-v1.js';
import type { NormalizedBatchV1, NormalizedEventV1 } from '../contract/v1/normalized-event-v1.js';
import type { StreamManifestV1 } from '../contract/v1/stream-v1.js';
import {
  ConnectorActionError,
  ConnectorDefinitionError,
  ConnectorStateError,
} from '../errors/connector-errors.js';
import { NormalizationError } from '../errors/normalization-error.js';
import { searchCapability } from '../search/search-capability.js';
import { migrateState } from '../state/stream-state.js';
import type {
  ActionDefinition,
  ConnectorDefinition,
  ConnectorSession,
  StreamDefinition,
} from './connector-definition.js';

const issuesOf = (error: z.ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

/**
 * The instance of a checked definition connected as `session`: validates action input and
 * output, migrates and checks stream states, tags events with the tenant, dead-letters records
 * that fail to normalise, and polls asynchronous actions.
 */
export function createInstance<
  Schema extends z.ZodType,
  Client,
  Streams extends string,
  Actions extends ActionManifestsV1,
>(
  definition: ConnectorDefinition<Schema, Client, Streams, Actions>,
  session: ConnectorSession<z.output<Schema>, Client>,
): ConnectorInstanceV1<Streams, Actions> {
  type Config = z.output<Schema>;
  const { manifest } = definition;
  // The literal stream and action names only matter to callers: look them up as strings.
  const streams: Readonly<Record<string, StreamDefinition<Config, Client> | undefined>> =
    definition.streams;
  const declaredStreams: Readonly<Record<string, StreamManifestV1 | undefined>> = manifest.streams;
  const actions: Readonly<Record<string, ActionDefinition<Config, Client> | undefined>> =
    definition.actions ?? {};
  const declaredActions: ActionManifestsV1 = manifest.actions;

  const streamOf = (name: string) => {
    const stream = streams[name];
    const declared = declaredStreams[name];
    if (!stream || !declared) {
      throw new ConnectorDefinitionError(`${manifest.id} has no stream ${JSON.stringify(name)}`);
    }
    return { stream, declared };
  };
  const actionOf = (name: string) => {
    const action = actions[name];
    const declared = declaredActions[name];
    if (!action || !declared) {
      throw new ConnectorActionError(`${manifest.id} has no action ${JSON.stringify(name)}`);
    }
    return { action, declared };
  };
  const checkOutput = (name: string, result: ActionResultV1): ActionResultV1 => {
    if (result.status !== 'completed') return result;
    const parsed = actionOf(name).declared.output.safeParse(result.output);
    if (!parsed.success) {
      throw new ConnectorActionError(
        `${manifest.id}.${name} returned output that fails its schema`,
        { details: { issues: issuesOf(parsed.error) } },
      );
    }
    return { status: 'completed', output: parsed.data };
  };
  const normalize = (name: string, raw: unknown): NormalizedEventV1[] => {
    const out = streamOf(name).stream.normalize(raw, session);
    const events = Array.isArray(out) ? out : [out];
    for (const event of events) {
      const metadata = (event['metadata'] ?? {}) as Record<string, unknown>;
      if (metadata['tenant_uid'] === undefined) {
        event['metadata'] = { ...metadata, tenant_uid: session.context.tenant };
      }
    }
    return events;
  };
  const startAction = async (name: string, input: unknown): Promise<ActionResultV1> => {
    const { action, declared } = actionOf(name);
    const parsed = declared.input.safeParse(input);
    if (!parsed.success) {
      throw new ConnectorActionError(`${manifest.id}.${name}: invalid input`, {
        details: { issues: issuesOf(parsed.error) },
      });
    }
    return checkOutput(name, await action.run(parsed.data, session));
  };
  const pollAction = async (name: string, handle: string): Promise<ActionResultV1> => {
    const { action } = actionOf(name);
    if (!action.poll) throw new ConnectorActionError(`${manifest.id}.${name} is not asynchronous`);
    return checkOutput(name, await action.poll(handle, session));
  };

  const instance: ConnectorInstanceV1 = {
    manifest,
    tenant: session.context.tenant,
    check: () => definition.check(session),
    read: (name, state) => {
      const { stream, declared } = streamOf(name);
      const migrated = migrateState(state, declared.stateVersion, stream.migrations);
      return (async function* () {
        for await (const batch of stream.read(session, migrated)) {
          if (batch.state.version !== declared.stateVersion) {
            throw new ConnectorStateError(
              `${manifest.id}.${name} emitted state version ${batch.state.version}, manifest says ${declared.stateVersion}`,
            );
          }
          yield batch;
        }
      })();
    },
    normalize,
    normalizeBatch: (name, records) => {
      const batch: NormalizedBatchV1 = { events: [], deadLetters: [] };
      for (const record of records) {
        try {
          batch.events.push(...normalize(name, record));
        } catch (error) {
          batch.deadLetters.push({
            record,
            error: OpenMdrError.isInstance(error)
              ? error
              : new NormalizationError(`${manifest.id}.${name}: record could not be normalised`, {
                  cause: error,
                }),
          });
        }
      }
      return batch;
    },
    startAction,
    pollAction,
    runAction: async (name, input, options = {}) => {
      const { clock, sleep } = session.context;
      const deadline = clock.now() + (options.timeoutMs ?? 300_000);
      let result = await instance.startAction(name, input);
      while (result.status === 'pending') {
        if (clock.now() >= deadline) {
          throw new ConnectorActionError(`${manifest.id}.${name} did not complete in time`, {
            isRetryable: true,
            details: { handle: result.handle },
          });
        }
        await sleep(options.pollIntervalMs ?? 2_000, options.signal);
        result = await instance.pollAction(name, result.handle);
      }
      if (result.status === 'failed') {
        throw new ConnectorActionError(`${manifest.id}.${name} failed: ${result.reason}`);
      }
      return result.output;
    },
    ...(definition.search === undefined
      ? {}
      : {
          search: searchCapability(manifest.id, session.context.tenant, {
            languages: definition.search.languages,
            run: (query, options) =>
              (definition.search as NonNullable<typeof definition.search>).run(
                query,
                options,
                session,
              ),
          }),
        }),
    close: async () => {
      await definition.close?.(session);
    },
  };
  // The implementation is name- and type-agnostic; the literal names and the action input and
  // output types it is declared with come from the manifest the definition was checked against.
  return instance as unknown as ConnectorInstanceV1<Streams, Actions>;
}
