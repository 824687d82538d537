/**
 * `@openmdr/connectors/splunk`: Splunk — everything of `@openmdr/connector-splunk`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-splunk';
