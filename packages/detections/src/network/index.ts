/**
 * Native network analytics over OCSF Network (4001), HTTP (4002) and DNS (4003) Activity:
 * beaconing, DNS tunnelling, DGA, port scans and host sweeps, rare destinations and first-seen
 * TLS fingerprints and user agents, unusual outbound volume. Each is a pure reducer with
 * bounded, JSON-serialisable state that produces OCSF Detection Findings.
 */
export { isInternalIp, isOutbound } from './addresses.js';
export {
  type NetworkAnalytic,
  NetworkAnalyticError,
  type NetworkAnalyticStep,
} from './analytic.js';
export {
  type BeaconDestination,
  type BeaconingOptions,
  type BeaconingState,
  type BeaconPair,
  type BeaconScore,
  createBeaconingAnalytic,
  scoreBeacon,
} from './beaconing.js';
export { createDgaAnalytic, type DgaEntry, type DgaOptions, type DgaState } from './dga.js';
export {
  createDnsTunnellingAnalytic,
  DEFAULT_DNS_IGNORED_DOMAINS,
  type DnsTunnellingOptions,
  type DnsTunnellingState,
  looksEncoded,
  type TunnelEntry,
} from './dns-tunnelling.js';
export {
  isInternalName,
  normaliseHostname,
  registeredDomain,
  subdomainOf,
} from './domain-names.js';
export { connectionFailed, type NetworkEventView, readNetworkEvent } from './event-view.js';
export { ENGLISH_BIGRAM_WORDS } from './generated/english-bigrams.js';
export {
  createTableBatch,
  emptyTable,
  type KeyedTable,
  type TableBatch,
  type TableLeaf,
  type TableLimits,
  type TableNode,
  tableGet,
} from './keyed-table.js';
export { type NameFeatures, nameFeatures } from './name-features.js';
export {
  createNetworkAnalytics,
  type NetworkAnalytics,
  type NetworkAnalyticsOptions,
  type NetworkAnalyticsState,
} from './network-analytics.js';
export { type NetworkFindingInput, networkFinding } from './network-finding.js';
export {
  createOutboundVolumeAnalytic,
  ewmaUpdate,
  type OutboundVolumeOptions,
  type OutboundVolumeState,
  type VolumeEntry,
} from './outbound-volume.js';
export {
  createRarityAnalytic,
  normaliseUserAgent,
  type RarityKind,
  type RarityOptions,
  type RarityState,
  type RarityValue,
} from './rarity.js';
export { type SampleSummary, summarise } from './robust-stats.js';
export {
  createScanAnalytic,
  type ScanAttempt,
  type ScanEntry,
  type ScanOptions,
  type ScanState,
} from './scans.js';
export type { SourceTableState } from './source-table-state.js';
