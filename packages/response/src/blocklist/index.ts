export * from './blocklist-actuator.js';
export * from './blocklist-errors.js';
export * from './blocklist-store.js';
export * from './blocklist-types.js';
export * from './edl-handler.js';
export * from './normalize-entry.js';
