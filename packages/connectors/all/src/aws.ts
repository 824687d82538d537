/**
 * `@openmdr/connectors/aws`: Amazon Web Services — everything of `@openmdr/connector-aws`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-aws';
