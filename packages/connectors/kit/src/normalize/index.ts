/**
 * `@openmdr/connector-kit/normalize`: the helpers every vendor normaliser shares, one
 * implementation each so that every connector gives the same answer — lenient record access
 * ({@link RecordReader}), pruning ({@link compact}), OCSF parts (operating systems, IP and MAC
 * addresses, locations, files and fingerprints, processes and evidences, ATT&CK, authentication
 * factors, risk levels, severities, finding times and activities, enum captions for Other, the
 * Community ID of a flow), event assembly and validation ({@link buildEvent}), normaliser sources
 * and sorted OData reads.
 *
 * @packageDocumentation
 */
export { macAddress, validIp } from './address.js';
export { type AttackInput, attacks, categoryAttacks, tacticOf } from './attack.js';
export { type FactorTypeIdValue, factorOf } from './auth-factor.js';
export { buildEvent, type EventInput, type EventSource } from './build-event.js';
export { communityId, type FlowTuple } from './community-id.js';
export { compact, extend, type OcsfPart, part, prune } from './compact.js';
export { enumAttribute } from './enum-attribute.js';
export { baseName, filePart, fingerprint, fingerprints, parentFolder } from './file.js';
export { type FindingTimes, findingActivityId, findingStatus, findingTimes } from './finding.js';
export { type LocationInput, locationPart } from './location.js';
export {
  httpActivityId,
  isOcsfHttpMethod,
  type TrafficCounters,
  trafficPart,
} from './network.js';
export {
  connectorSources,
  type NormalizeOptions,
  type NormalizeSource,
} from './normalize-source.js';
export { type OsTypeIdValue, osPart, osTypeId } from './os.js';
export { hasProcessIdentity, processEvidences } from './process.js';
export { isEmpty, isRecord, type JsonRecord, RecordReader } from './record-reader.js';
export { type RiskLevelIdValue, riskLevelAttributes, riskLevelOf } from './risk.js';
export { type SeverityIdValue, severityIdOf } from './severity.js';
export { readSortedODataPages, type SortedODataReadOptions } from './sorted-read.js';
