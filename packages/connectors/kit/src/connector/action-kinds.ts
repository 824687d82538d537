import { ACTION_KINDS_V1, type ActionKindV1 } from '../contract/v1/action-kind-v1.js';
import type { ActionRequestV1 } from '../contract/v1/action-request-v1.js';
import type { ConnectorManifestV1 } from '../contract/v1/manifest-v1.js';
import { ActionKindNotImplementedError } from './action-request-errors.js';

/**
 * The action implementing each kind a manifest's actions declare (`implements`), by kind, in
 * the vocabulary's order (`ACTION_KINDS_V1`).
 *
 * @example
 * ```ts
 * actionsByKind(crowdstrikeConnector.manifest); // { contain_device: 'contain', allow_device: 'lift-containment' }
 * ```
 */
export function actionsByKind(
  manifest: Pick<ConnectorManifestV1, 'actions'>,
): Partial<Record<ActionKindV1, string>> {
  const declared = new Map<string, string>();
  for (const [name, action] of Object.entries(manifest.actions)) {
    for (const kind of Object.keys(action.implements ?? {})) {
      if (!declared.has(kind)) declared.set(kind, name);
    }
  }
  const byKind: Partial<Record<ActionKindV1, string>> = {};
  for (const kind of ACTION_KINDS_V1) {
    const name = declared.get(kind);
    if (name !== undefined) byKind[kind] = name;
  }
  return byKind;
}

/** The action {@link buildActionInput} chose and the input it built. */
export interface BuiltActionInput {
  /** The action's name (`contain`). */
  action: string;
  /** Its input, not yet checked against the action's input schema. */
  input: unknown;
}

/**
 * Finds the action of `manifest` implementing `request.kind` and builds its input from the
 * request. The input is not validated here: `startAction` checks it against the action's schema.
 *
 * @throws ActionKindNotImplementedError (`CONNECTOR_ACTION_KIND`) when no action implements the
 *   kind; the builder's `ActionRequestError` (`CONNECTOR_ACTION_REQUEST`) when the request lacks a
 *   target field the vendor needs.
 */
export function buildActionInput(
  manifest: Pick<ConnectorManifestV1, 'id' | 'actions'>,
  request: ActionRequestV1,
): BuiltActionInput {
  for (const [name, action] of Object.entries(manifest.actions)) {
    const build = action.implements?.[request.kind];
    if (build !== undefined) return { action: name, input: build(request) };
  }
  throw new ActionKindNotImplementedError(manifest.id, request.kind, {
    details: { requestId: request.requestId },
  });
}
