/**
 * `@openmdr/connectors/okta`: Okta — everything of `@openmdr/connector-okta`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-okta';
