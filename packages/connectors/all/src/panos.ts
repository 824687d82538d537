/**
 * `@openmdr/connectors/panos`: PAN-OS — everything of `@openmdr/connector-panos`, which embedders
 * who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-panos';
