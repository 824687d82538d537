/**
 * `@openmdr/connectors/cloudtrail`: AWS CloudTrail — everything of `@openmdr/connector-cloudtrail`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-cloudtrail';
