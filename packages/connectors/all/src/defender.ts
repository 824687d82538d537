/**
 * `@openmdr/connectors/defender`: Microsoft Defender for Endpoint and Defender XDR — everything of `@openmdr/connector-defender`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-defender';
