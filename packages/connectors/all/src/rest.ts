/**
 * `@openmdr/connectors/rest`: the generic REST/JSON reference connector — everything of `@openmdr/connector-rest`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-rest';
