export * from './audit-log.js';
export * from './audit-record.js';
export * from './canonical-json.js';
export * from './verify-audit.js';
