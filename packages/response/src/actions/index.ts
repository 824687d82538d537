export * from './classify.js';
export * from './command.js';
export * from './errors.js';
export * from './openc2.js';
export * from './vocabulary.js';
