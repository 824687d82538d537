/**
 * `@openmdr/core`: the OCSF event model, validation, pipeline, storage, event bus, errors and
 * tenancy that every other OpenMDR package builds on.
 *
 * @packageDocumentation
 */

export * from './bus/index.js';
export * from './errors/index.js';
export * from './ocsf/index.js';
export * from './pipeline/index.js';
export * from './runtime/index.js';
export * from './secrets/index.js';
export * from './storage/index.js';
export * from './streams/index.js';
