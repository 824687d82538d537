import type * as z from 'zod';
import type { ActionManifestsV1 } from '../contract/v1/action-v1.js';
import { ConnectorDefinitionError } from '../errors/connector-errors.js';
import type { ConnectorDefinition } from './connector-definition.js';
import { connectorManifestSchema } from './manifest.js';

/**
 * Checks a connector definition: the manifest against {@link connectorManifestSchema}, one
 * implementation per declared stream and action (and no undeclared one), a `poll` for each
 * asynchronous action, each action kind implemented by at most one action, and a search (when
 * given) with at least one language.
 *
 * @throws ConnectorDefinitionError naming the first problem.
 */
export function checkDefinition<
  Schema extends z.ZodType,
  Client,
  Streams extends string,
  Actions extends ActionManifestsV1,
>(definition: ConnectorDefinition<Schema, Client, Streams, Actions>): void {
  const parsed = connectorManifestSchema.safeParse(definition.manifest);
  if (!parsed.success) {
    throw new ConnectorDefinitionError(
      `manifest of ${String(definition.manifest?.id)} is invalid: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const { manifest } = definition;
  const streams: Readonly<Record<string, unknown>> = definition.streams;
  const declaredStreams: Readonly<Record<string, unknown>> = manifest.streams;
  for (const name of Object.keys(declaredStreams)) {
    if (!streams[name]) {
      throw new ConnectorDefinitionError(`${manifest.id}: stream ${name} has no implementation`);
    }
  }
  for (const name of Object.keys(streams)) {
    if (!declaredStreams[name]) {
      throw new ConnectorDefinitionError(`${manifest.id}: stream ${name} is not in the manifest`);
    }
  }
  const actions: Readonly<Record<string, { poll?: unknown }>> = definition.actions ?? {};
  const implementedBy = new Map<string, string>();
  for (const [name, action] of Object.entries<ActionManifestsV1[string]>(manifest.actions)) {
    const implementation = actions[name];
    if (!implementation) {
      throw new ConnectorDefinitionError(`${manifest.id}: action ${name} has no implementation`);
    }
    if (action.asynchronous && !implementation.poll) {
      throw new ConnectorDefinitionError(`${manifest.id}: asynchronous action ${name} has no poll`);
    }
    for (const kind of Object.keys(action.implements ?? {})) {
      const other = implementedBy.get(kind);
      if (other !== undefined) {
        throw new ConnectorDefinitionError(
          `${manifest.id}: actions ${other} and ${name} both implement ${kind}`,
        );
      }
      implementedBy.set(kind, name);
    }
  }
  const search = definition.search;
  if (search !== undefined && (search.languages.length === 0 || typeof search.run !== 'function')) {
    throw new ConnectorDefinitionError(`${manifest.id}: search needs languages and run`);
  }
}
