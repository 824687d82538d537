/**
 * `@openmdr/connectors/intel-feeds`: Intel feeds — everything of `@openmdr/connector-intel-feeds`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-intel-feeds';
