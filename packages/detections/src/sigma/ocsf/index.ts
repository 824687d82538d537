export {
  CLOUDTRAIL_OCSF_FIELDS,
  CLOUDTRAIL_TABLE_TITLE,
  ocsfCloudTrailFieldGetter,
} from './cloudtrail-field-table.js';
export { type OcsfReadKind, pathGetter } from './field-readers.js';
export {
  COMMON_FIELDS,
  OCSF_FIELD_TABLES,
  type OcsfFieldRule,
  type OcsfFieldTable,
} from './field-tables.js';
export {
  CLOUDTRAIL_PRODUCT_NAMES,
  isOcsfCloudTrailEvent,
  type OcsfEventIdentity,
  ocsfEventCategories,
  ocsfEventLogsources,
  ocsfEventService,
  ocsfNetworkSensorLogsources,
  ocsfRouteKey,
  SIGMA_CATEGORY_OCSF_EVENTS,
} from './logsources.js';
export { NETWORK_OCSF_FIELD_TABLES, NETWORK_TABLE_TITLES } from './network-field-tables.js';
export { ocsfFieldGetter, ocsfFieldMapping, ocsfNetworkFieldGetter } from './ocsf-field-mapping.js';
export { SYSMON_EVENT_CATEGORIES, WINDOWS_CHANNEL_SERVICES } from './windows-logsources.js';
