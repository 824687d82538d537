/**
 * `@openmdr/connectors/sentinelone`: SentinelOne — everything of `@openmdr/connector-sentinelone`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-sentinelone';
