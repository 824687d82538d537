export * from './evaluate-policy.js';
export * from './policy-errors.js';
export * from './policy-schema.js';
export * from './policy-types.js';
export * from './time-window.js';
