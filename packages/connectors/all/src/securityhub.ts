/**
 * `@openmdr/connectors/securityhub`: AWS Security Hub — everything of `@openmdr/connector-securityhub`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-securityhub';
