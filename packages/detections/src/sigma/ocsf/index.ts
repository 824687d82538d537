export { type OcsfReadKind, pathGetter } from './field-readers.js';
export {
  COMMON_FIELDS,
  OCSF_FIELD_TABLES,
  type OcsfFieldRule,
  type OcsfFieldTable,
} from './field-tables.js';
export {
  type OcsfEventIdentity,
  ocsfEventCategories,
  ocsfEventLogsources,
  ocsfEventService,
  ocsfRouteKey,
  SIGMA_CATEGORY_OCSF_EVENTS,
} from './logsources.js';
export { ocsfFieldGetter, ocsfFieldMapping } from './ocsf-field-mapping.js';
export { SYSMON_EVENT_CATEGORIES, WINDOWS_CHANNEL_SERVICES } from './windows-logsources.js';
