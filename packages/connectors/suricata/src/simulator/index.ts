/**
 * `@openmdr/connector-suricata/simulator`: a Suricata EVE writer for demos, examples and tests —
 * realistic EVE records (the package's fixtures with fresh timestamps and flow ids) appended to
 * `<dir>/eve.json` at a rate, rotated by rename or copy-truncate and optionally gzipped as
 * logrotate does, with partial last lines on demand. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  type EveRotationOptions,
  eveTimestamp,
  type SuricataEveSimulator,
  type SuricataEveSimulatorOptions,
  startSuricataEveSimulator,
} from './eve-simulator.js';
export {
  SURICATA_SAMPLE_EVENT_TYPES,
  SURICATA_SAMPLE_RECORDS,
  type SuricataSampleEventType,
} from './samples.js';
