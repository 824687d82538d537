/**
 * `@openmdr/connectors/elastic`: Elastic Security — everything of `@openmdr/connector-elastic`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-elastic';
