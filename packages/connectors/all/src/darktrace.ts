/**
 * `@openmdr/connectors/darktrace`: Darktrace — everything of `@openmdr/connector-darktrace`, which
 * embedders who need only this vendor install instead.
 *
 * @packageDocumentation
 */
export * from '@openmdr/connector-darktrace';
