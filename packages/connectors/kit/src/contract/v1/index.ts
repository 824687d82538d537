/**
 * The connector contract, version 1: types only (and the action-kind vocabulary), no
 * implementation. `defineConnector` implements it; consumers (`@openmdr/response`, the
 * pipeline adapters, the CLI) depend on these types alone. A breaking change is a `v2` folder
 * beside this one.
 *
 * @module
 */
export { ACTION_KINDS_V1, type ActionKindV1 } from './action-kind-v1.js';
export type {
  AccountTargetV1,
  ActionOptionsV1,
  ActionRequestV1,
  ActionTargetV1,
  DeviceContainmentV1,
  DeviceTargetV1,
  FileHashesV1,
  FileTargetV1,
  NotificationTargetV1,
  ProcessTargetV1,
} from './action-request-v1.js';
export type {
  ActionImplementsV1,
  ActionInputBuilderV1,
  ActionInputV1,
  ActionManifestsV1,
  ActionManifestV1,
  ActionNameV1,
  ActionOutputV1,
  ActionResultV1,
  ImplementedKindsV1,
} from './action-v1.js';
export type { ConnectorInstanceV1, RunActionOptionsV1 } from './connector-instance-v1.js';
export type { ConnectOptionsV1, ConnectorV1 } from './connector-v1.js';
export type { ConnectorCategoryV1, ConnectorManifestV1, ConnectorRegionV1 } from './manifest-v1.js';
export type { DeadLetterV1, NormalizedBatchV1, NormalizedEventV1 } from './normalized-event-v1.js';
export type { SearchCapableV1, SearchLanguageV1, SearchOptionsV1 } from './search-v1.js';
export type { ReadBatchV1, StreamManifestV1 } from './stream-v1.js';
