/**
 * `@openmdr/connector-zeek/simulator`: a Zeek log writer for demos, examples and tests — realistic
 * records (the package's fixtures with fresh times and uids) written to `<dir>/<log>.log` as JSON
 * lines or TSV with Zeek's header, at a rate, rotated and optionally gzipped as Zeek and zeekctl
 * do, with partial last lines on demand. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  startZeekLogSimulator,
  type ZeekLogSimulator,
  type ZeekLogSimulatorOptions,
  type ZeekRotationOptions,
  zeekUid,
} from './log-simulator.js';
export { ZEEK_SAMPLE_RECORDS } from './samples.js';
export {
  type ZeekTsvColumns,
  zeekDate,
  zeekTsvClose,
  zeekTsvColumns,
  zeekTsvHeader,
  zeekTsvLine,
} from './tsv-writer.js';
