export { type Clock, ManualClock, systemClock } from './clock.js';
export { type Logger, silentLogger } from './logger.js';
export { redactingLogger } from './redacting-logger.js';
export { startSiblingWorker } from './sibling-worker.js';
export { DEFAULT_TENANT, type TenantId, tenantId } from './tenant.js';
