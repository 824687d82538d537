import type * as z from 'zod';
import type { ActionKindV1 } from './action-kind-v1.js';
import type { ActionRequestV1 } from './action-request-v1.js';

/**
 * Where an action stands, as `ConnectorInstanceV1.startAction` and `pollAction` report it.
 *
 * - `completed`: done; `output` has passed the action's `output` schema (parsed: defaults
 *   applied).
 * - `pending`: accepted by the vendor but not finished (asynchronous actions only); poll again
 *   with `handle`, an opaque string that stays valid across processes (it may be stored and
 *   polled after a restart).
 * - `failed`: the vendor refused or ended the action; `reason` is one human-readable sentence
 *   without secrets. A failure is final: polling it again is not meaningful.
 *
 * Failures to reach the vendor (network, 5xx after retries, auth) are thrown as typed
 * `OpenMdrError`s instead, with `isRetryable` set.
 */
export type ActionResultV1<Output = unknown> =
  | { readonly status: 'completed'; readonly output: Output }
  | { readonly status: 'pending'; readonly handle: string }
  | { readonly status: 'failed'; readonly reason: string };

/**
 * Builds an action's input from a vendor-neutral request. Pure and synchronous: no I/O, same
 * request, same input. It reads the target fields its vendor needs and throws
 * `ActionRequestError` (code `CONNECTOR_ACTION_REQUEST`) naming the first missing one
 * (`target.device.uid`); it does not validate what it returns: the consumer checks the input
 * against the action's `input` schema before starting the action.
 */
export type ActionInputBuilderV1<Input = unknown> = (request: ActionRequestV1) => Input;

/**
 * The action kinds an action implements, each with the builder of the action's input. A kind is
 * implemented by at most one action of a connector (`defineConnector` checks it), and
 * `query_features` is never declared (consumers answer it from the declared kinds).
 */
export type ActionImplementsV1<Input = unknown, Kinds extends ActionKindV1 = ActionKindV1> = {
  readonly [Kind in Kinds]?: ActionInputBuilderV1<Input>;
};

/** A response action a connector performs, as its manifest declares it. */
export interface ActionManifestV1<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
  Kinds extends ActionKindV1 = ActionKindV1,
> {
  /** What the action does, in one or two sentences (the vendor endpoint it calls helps reviewers). */
  readonly description: string;
  /** Input schema: `startAction` rejects input that fails it, before any vendor call. */
  readonly input: Input;
  /** Output schema of the completed action: output that fails it is a connector bug (thrown). */
  readonly output: Output;
  /**
   * True when the vendor completes the action later: `startAction` may answer `pending` and the
   * action must implement `poll`. False: `startAction` answers `completed` or `failed`.
   */
  readonly asynchronous: boolean;
  /** Vendor permissions / scopes the action needs (`Machine.Isolate`, `Hosts:write`). */
  readonly requiredPermissions: readonly string[];
  /**
   * The action kinds of the response vocabulary this action carries out, and how to build its
   * input from a vendor-neutral request. Absent: the action is only reachable by name.
   */
  readonly implements?: ActionImplementsV1<z.input<Input>, Kinds>;
}

/** A connector's actions, by name (lower-case kebab: `contain`, `lift-containment`). */
export type ActionManifestsV1 = Readonly<Record<string, ActionManifestV1>>;

/** The name of an action of `Actions` (a literal union when the manifest's type is literal). */
export type ActionNameV1<Actions extends ActionManifestsV1> = keyof Actions & string;

/** What an action accepts: its input schema's input type (before defaults). */
export type ActionInputV1<Action extends { readonly input: z.ZodType }> = z.input<Action['input']>;

/** What a completed action yields: its output schema's output type. */
export type ActionOutputV1<Action extends { readonly output: z.ZodType }> = z.output<
  Action['output']
>;

/** The action kinds implemented by any action of `Actions`. */
export type ImplementedKindsV1<Actions extends ActionManifestsV1> = {
  [Name in keyof Actions]: keyof NonNullable<Actions[Name]['implements']>;
}[keyof Actions] &
  ActionKindV1;
