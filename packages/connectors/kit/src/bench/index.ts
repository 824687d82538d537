/**
 * `@openmdr/connector-kit/bench`: measure a connector against a floor measured in the same run
 * (alternating rounds, GC between them, median rate and memory growth) and print the table.
 *
 * @packageDocumentation
 */
export {
  type BenchCase,
  type BenchComparison,
  type BenchResult,
  type CompareOptions,
  compareWithFloor,
  printComparisons,
} from './compare-with-floor.js';
