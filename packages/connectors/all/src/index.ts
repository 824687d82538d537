/**
 * `@openmdr/connectors`: every OpenMDR connector in one install. The root re-exports the connector
 * kit (`@openmdr/connector-kit`); each vendor is a subpath (`@openmdr/connectors/crowdstrike`, …)
 * re-exporting its own package (`@openmdr/connector-crowdstrike`, …). Embedders who need one vendor
 * install that vendor's package: it depends on the kit and core only.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-kit';
