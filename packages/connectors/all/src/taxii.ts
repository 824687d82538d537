/**
 * `@openmdr/connectors/taxii`: TAXII 2.1 — everything of `@openmdr/connector-taxii`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-taxii';
