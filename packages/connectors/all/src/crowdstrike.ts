/**
 * `@openmdr/connectors/crowdstrike`: CrowdStrike Falcon — everything of `@openmdr/connector-crowdstrike`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-crowdstrike';
