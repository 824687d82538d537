/**
 * `@openmdr/connectors/securitylake`: Amazon Security Lake — everything of `@openmdr/connector-securitylake`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-securitylake';
