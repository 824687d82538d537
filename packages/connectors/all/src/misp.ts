/**
 * `@openmdr/connectors/misp`: MISP — everything of `@openmdr/connector-misp`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-misp';
