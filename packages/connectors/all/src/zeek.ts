/**
 * `@openmdr/connectors/zeek`: Zeek — everything of `@openmdr/connector-zeek`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-zeek';
