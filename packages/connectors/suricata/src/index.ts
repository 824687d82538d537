/**
 * `@openmdr/connector-suricata`: the Suricata connector — the sensor's EVE JSON log files read
 * with the kit's tailing file source and normalised to OCSF 1.8.0 by `event_type` (alerts as
 * Detection Findings with ATT&CK from the ruleset's metadata; flows, netflow, drops, anomalies
 * and TLS as Network Activity; DNS v2 and v3; HTTP; files; SMTP; SSH), Community ID computed when
 * absent; `stats` records reported as sensor health.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export type { NormalizeOptions, NormalizeSource } from '@openmdr/connector-kit/normalize';
export { checkPaths, createSuricataClient, globBase, type SuricataClient } from './client.js';
export { SURICATA_DEFAULT_PATHS, type SuricataConfig, suricataConfigSchema } from './config.js';
export { suricataConnector } from './connector.js';
export { type EveTime, parseEveTime } from './eve-time.js';
export {
  normalizeSuricataEvent,
  parseEveLine,
  SURICATA_EVENT_TYPES,
  suricataNormalizeSources,
} from './normalize.js';
export { signatureAttacks, suricataSeverityId } from './normalize-alert.js';
export { SURICATA_PRODUCT, type SuricataNormalizeOptions } from './normalize-common.js';
export { mailAddress } from './normalize-smtp.js';
export {
  isSuricataStats,
  type SuricataHealth,
  SuricataHealthMonitor,
  suricataHealthOf,
} from './stats.js';
export { eveStream, readEve } from './streams.js';
