/**
 * `@openmdr/hunting`: hunts run where the data is, and the pivot from a hunt to a case.
 *
 * @packageDocumentation
 */
export * from './local/index.js';
