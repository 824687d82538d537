/**
 * `@openmdr/connectors/entra`: Microsoft Entra ID — everything of `@openmdr/connector-entra`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-entra';
