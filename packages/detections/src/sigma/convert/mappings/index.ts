/**
 * The built-in query mappings, as data: one per target schema.
 *
 * @module
 */
export { DEFENDER_XDR_MAPPING } from './defender-xdr.js';
export { ECS_WINDOWS_MAPPING } from './ecs-windows.js';
export { SENTINEL_MAPPING } from './sentinel.js';
export { SPLUNK_CIM_MAPPING } from './splunk-cim.js';
export { SPLUNK_WINDOWS_MAPPING } from './splunk-windows.js';
export {
  WINDOWS_CATEGORY_SOURCES,
  WINDOWS_SERVICE_CHANNELS,
  type WindowsCategorySource,
} from './windows-event-sources.js';
