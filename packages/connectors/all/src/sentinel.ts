/**
 * `@openmdr/connectors/sentinel`: Microsoft Sentinel — everything of `@openmdr/connector-sentinel`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-sentinel';
