export * from './action-request.js';
export * from './actuator.js';
export * from './actuator-errors.js';
export * from './actuator-registry.js';
export * from './command-dispatcher.js';
export * from './connector-actuator.js';
