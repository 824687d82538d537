import type { SigmaLogsource } from '../field-access.js';
import { CLOUDTRAIL_LOGSOURCES } from '../inputs/cloudtrail.js';
import { networkLogsources } from '../inputs/network-logsources.js';
import { SYSMON_EVENT_CATEGORIES, WINDOWS_CHANNEL_SERVICES } from './windows-logsources.js';

/**
 * Which OCSF events a Sigma logsource category stands for: a class, optionally restricted to
 * activities and to a file type (named pipes are File System Activity with `file.type_id` 6).
 */
export interface OcsfEventIdentity {
  /** OCSF `class_uid`. */
  readonly classUid: number;
  /** OCSF `activity_id`s; every activity when absent. */
  readonly activityIds?: readonly number[];
  /** Only events whose `file.type_id` is this (6 = Named Pipe). */
  readonly fileTypeId?: number;
  /** Only events whose `file.type_id` is not this. */
  readonly notFileTypeId?: number;
  /** Only events of this Windows event code (`metadata.event_code`), e.g. 4103 for ps_module. */
  readonly eventCode?: string;
}

/**
 * Sigma logsource category → the OCSF class/activity an event must have (Windows categories,
 * and Linux `process_creation` / `network_connection`, which use the same classes).
 */
export const SIGMA_CATEGORY_OCSF_EVENTS: Readonly<Record<string, readonly OcsfEventIdentity[]>> = {
  process_creation: [{ classUid: 1007, activityIds: [1] }],
  process_termination: [{ classUid: 1007, activityIds: [2] }],
  process_access: [{ classUid: 1007, activityIds: [3] }],
  create_remote_thread: [{ classUid: 1007, activityIds: [4] }],
  file_event: [{ classUid: 1001, activityIds: [1], notFileTypeId: 6 }],
  file_change: [{ classUid: 1001, activityIds: [3, 6], notFileTypeId: 6 }],
  file_delete: [{ classUid: 1001, activityIds: [4], notFileTypeId: 6 }],
  file_rename: [{ classUid: 1001, activityIds: [5], notFileTypeId: 6 }],
  file_access: [{ classUid: 1001, activityIds: [2, 14], notFileTypeId: 6 }],
  pipe_created: [{ classUid: 1001, activityIds: [1, 14], fileTypeId: 6 }],
  registry_add: [{ classUid: 201001, activityIds: [1] }],
  registry_delete: [
    { classUid: 201001, activityIds: [4] },
    { classUid: 201002, activityIds: [4] },
  ],
  registry_set: [{ classUid: 201002, activityIds: [2, 3] }],
  registry_rename: [{ classUid: 201001, activityIds: [5] }],
  registry_event: [{ classUid: 201001 }, { classUid: 201002 }],
  image_load: [{ classUid: 1005, activityIds: [1] }],
  driver_load: [{ classUid: 1002, activityIds: [1] }],
  network_connection: [{ classUid: 4001 }],
  dns_query: [{ classUid: 4003 }],
  ps_module: [{ classUid: 1009, eventCode: '4103' }],
  ps_script: [{ classUid: 1009, activityIds: [1] }],
};

interface EventView {
  class_uid?: unknown;
  activity_id?: unknown;
  metadata?: {
    log_name?: unknown;
    log_provider?: unknown;
    event_code?: unknown;
    product?: { name?: unknown };
  };
  actor?: { process?: unknown };
  device?: { os?: { type_id?: unknown; name?: unknown } };
  file?: { type_id?: unknown };
}

function productOf(event: EventView): string[] {
  const osType = event.device?.os?.type_id;
  if (osType === 100 || osType === 101) return ['windows'];
  if (osType === 200) return ['linux'];
  if (osType === 300) return ['macos'];
  const provider = event.metadata?.log_provider;
  if (
    typeof provider === 'string' &&
    /^(microsoft-windows-|service control manager|powershell)/i.test(provider)
  ) {
    return ['windows'];
  }
  return ['windows', 'linux', 'macos'];
}

function identityMatches(identity: OcsfEventIdentity, event: EventView): boolean {
  if (identity.classUid !== event.class_uid) return false;
  if (
    identity.activityIds !== undefined &&
    !identity.activityIds.includes(event.activity_id as number)
  ) {
    return false;
  }
  const fileType = event.file?.type_id;
  if (identity.fileTypeId !== undefined && fileType !== identity.fileTypeId) return false;
  if (identity.notFileTypeId !== undefined && fileType === identity.notFileTypeId) return false;
  if (identity.eventCode !== undefined && event.metadata?.event_code !== identity.eventCode)
    return false;
  if (identity.eventCode === undefined && identity.classUid === 1009) {
    // ps_script is every PowerShell script event except module logging (4103).
    if (event.metadata?.event_code === '4103') return false;
  }
  return true;
}

const categoryEntries = Object.entries(SIGMA_CATEGORY_OCSF_EVENTS);

/**
 * The Sigma categories of an OCSF event. Sysmon events (by `metadata.log_provider` and
 * `metadata.event_code`) get exactly the categories SigmaHQ's mapping gives their EventID,
 * as raw Windows events would; other events are classified by class and activity.
 */
export function ocsfEventCategories(event: unknown): string[] {
  const view = event as EventView;
  const provider = view.metadata?.log_provider;
  if (provider === 'Microsoft-Windows-Sysmon') {
    const code = Number(view.metadata?.event_code);
    const categories = SYSMON_EVENT_CATEGORIES[code];
    if (categories !== undefined) return [...categories];
  }
  const categories: string[] = [];
  for (const [category, identities] of categoryEntries) {
    if (identities.some((identity) => identityMatches(identity, view))) categories.push(category);
  }
  return categories;
}

/** The Sigma `service` of an OCSF event from its Windows channel (`metadata.log_name`). */
export function ocsfEventService(event: unknown): string | undefined {
  const logName = (event as EventView).metadata?.log_name;
  return typeof logName === 'string' ? WINDOWS_CHANNEL_SERVICES[logName] : undefined;
}

/**
 * The logsources of a Zeek event (`metadata.product.name` `Zeek`, the log in
 * `metadata.log_name`) or a Suricata event (`Suricata`, the EVE `event_type` in
 * `metadata.event_code`); `undefined` for other events.
 */
export function ocsfNetworkSensorLogsources(event: unknown): SigmaLogsource[] | undefined {
  const metadata = (event as EventView | null)?.metadata;
  const product = metadata?.product?.name;
  if (product === 'Zeek' && typeof metadata?.log_name === 'string') {
    return networkLogsources('zeek', metadata.log_name);
  }
  if (product === 'Suricata' && typeof metadata?.event_code === 'string') {
    return networkLogsources('suricata', metadata.event_code);
  }
  return undefined;
}

/**
 * `metadata.product.name` of OCSF events made from CloudTrail records: `CloudTrail` (Amazon
 * Security Lake, OCSF's published mapping, `@openmdr/connector-cloudtrail`) and the longer names
 * some pipelines write.
 */
export const CLOUDTRAIL_PRODUCT_NAMES: ReadonlySet<string> = new Set([
  'CloudTrail',
  'AWS CloudTrail',
  'Amazon CloudTrail',
]);

/** True for an OCSF event made from a CloudTrail record (by `metadata.product.name`). */
export function isOcsfCloudTrailEvent(event: unknown): boolean {
  const name = (event as EventView | null)?.metadata?.product?.name;
  return typeof name === 'string' && CLOUDTRAIL_PRODUCT_NAMES.has(name);
}

/**
 * The generic network categories of other products' events, by class: DNS Activity is `dns`,
 * HTTP Activity `proxy` and `webserver`, Network Activity without an acting process (a network
 * device's record, not an endpoint's) `firewall`.
 */
function genericNetworkCategories(view: EventView): readonly string[] {
  switch (view.class_uid) {
    case 4003:
      return ['dns'];
    case 4002:
      return ['proxy', 'webserver'];
    case 4001:
      return view.actor?.process === undefined ? ['firewall'] : [];
    default:
      return [];
  }
}

/**
 * Every Sigma logsource an OCSF event belongs to: `{product, category, service}` for each of
 * its categories (a rule applies when the keys it sets are equal). Zeek and Suricata events get
 * the logsources of their log ({@link ocsfNetworkSensorLogsources}) and no others; CloudTrail
 * events ({@link isOcsfCloudTrailEvent}) are `{product: 'aws', service: 'cloudtrail'}` only,
 * whatever their class; other DNS, HTTP and network events also get the generic network
 * categories (`{category: 'dns'}`, …).
 */
export function ocsfEventLogsources(event: unknown): SigmaLogsource[] {
  if (typeof event !== 'object' || event === null) return [];
  const sensor = ocsfNetworkSensorLogsources(event);
  if (sensor !== undefined) return sensor;
  if (isOcsfCloudTrailEvent(event)) return [...CLOUDTRAIL_LOGSOURCES];
  const view = event as EventView;
  const service = ocsfEventService(view);
  const categories = ocsfEventCategories(view);
  const logsources: SigmaLogsource[] = [];
  for (const product of productOf(view)) {
    if (categories.length === 0) logsources.push({ product, service });
    for (const category of categories) logsources.push({ product, category, service });
  }
  for (const category of genericNetworkCategories(view)) logsources.push({ category });
  return logsources;
}

/** A low-cardinality key equal for events with equal logsources (the engine caches on it). */
export function ocsfRouteKey(event: unknown): string {
  if (typeof event !== 'object' || event === null) return '';
  const view = event as EventView;
  const product = view.metadata?.product?.name;
  const logName = view.metadata?.log_name;
  const eventCode = view.metadata?.event_code;
  if (product === 'Zeek' && typeof logName === 'string') return `Zeek|${logName}`;
  if (product === 'Suricata' && typeof eventCode === 'string') return `Suricata|${eventCode}`;
  if (typeof product === 'string' && CLOUDTRAIL_PRODUCT_NAMES.has(product)) return 'CloudTrail';
  return [
    view.class_uid,
    view.activity_id,
    view.metadata?.log_name,
    view.metadata?.log_provider === 'Microsoft-Windows-Sysmon' || view.class_uid === 1009
      ? view.metadata?.event_code
      : '',
    view.device?.os?.type_id,
    view.metadata?.log_provider === undefined ? '' : productOf(view).length,
    view.file?.type_id,
    view.class_uid === 4001 && view.actor?.process !== undefined ? 'p' : '',
  ].join('|');
}
