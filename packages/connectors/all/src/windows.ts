/**
 * `@openmdr/connectors/windows`: Windows Event Log and Sysmon — everything of `@openmdr/connector-windows`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-windows';
