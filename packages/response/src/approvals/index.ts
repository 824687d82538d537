export * from './approval-errors.js';
export * from './approval-service.js';
export * from './approval-types.js';
