/**
 * `@openmdr/core/testing`: suites that check an implementation of a core contract, run under
 * vitest (an optional peer dependency). `describeEventStreamContract` checks an `EventStream`
 * engine (the memory and Redis engines of this package, the Kafka engine of `@openmdr/kafka`).
 *
 * @packageDocumentation
 */
export {
  describeEventStreamContract,
  type EventStreamContractContext,
  type EventStreamContractOptions,
} from './event-stream-contract.js';
