/**
 * `@openmdr/connectors/suricata`: Suricata — everything of `@openmdr/connector-suricata`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-suricata';
