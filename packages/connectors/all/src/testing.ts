/**
 * `@openmdr/connectors/testing`: the conformance suite and simulator framework of
 * `@openmdr/connector-kit/testing`.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-kit/testing';
