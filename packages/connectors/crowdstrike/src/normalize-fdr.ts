import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  compact,
  isRecord,
  macAddress,
  type NormalizeOptions,
  part,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import { OpenMdrError } from '@openmdr/core';
import { falconTime } from './falcon-time.js';
import { FDR_COMMON, fdrDevice, fdrMetadata, fdrOs, fdrTime } from './fdr-parts.js';
import {
  type FdrRecord,
  fdrAuthentication,
  fdrDnsActivity,
  fdrDriverLoad,
  fdrFileActivity,
  fdrModuleActivity,
  fdrNetworkActivity,
  fdrProcessActivity,
  fdrRegistryActivity,
} from './normalize-fdr-activity.js';

type FdrMapper = (fdr: FdrRecord, options: NormalizeOptions) => NormalizedEvent;

const NETWORK_ACTIVITY: Readonly<Record<string, number>> = {
  Connect: 1,
  ReceiveAccept: 1,
  Listen: 7,
  Close: 2,
};

const FILE_ACTIVITY: Readonly<Record<string, number>> = {
  FileCreateInfo: 1,
  DirectoryCreate: 1,
  FileOpenInfo: 14,
  FileRenameInfo: 5,
  FileDeleteInfo: 4,
  FileDeleted: 4,
  ExecutableDeleted: 4,
  CriticalFileAccessed: 2,
  CriticalFileModified: 3,
};

/** The mapper of an `event_simpleName`, or `undefined` for Base Event. */
function mapperOf(name: string): FdrMapper | undefined {
  if (name === 'ProcessRollup2' || name === 'SyntheticProcessRollup2')
    return (fdr, options) => fdrProcessActivity(fdr, 1, options);
  if (name === 'EndOfProcess' || name === 'TerminateProcess')
    return (fdr, options) => fdrProcessActivity(fdr, 2, options);
  if (name === 'DllInjection' || name === 'ProcessInjection' || name.endsWith('InjectedThread'))
    return (fdr, options) => fdrProcessActivity(fdr, 4, options);
  const network = /^Network(Connect|ReceiveAccept|Listen|Close)IP[46]$/.exec(name);
  if (network?.[1]) {
    const activity = NETWORK_ACTIVITY[network[1]] ?? 99;
    return (fdr, options) => fdrNetworkActivity(fdr, activity, options);
  }
  if (/^RawBindIP[46]$/.test(name)) return (fdr, options) => fdrNetworkActivity(fdr, 99, options);
  if (name === 'DnsRequest' || name === 'SuspiciousDnsRequest') return fdrDnsActivity;
  if (/^UserLog(on|onFailed2?|off)$/.test(name)) return fdrAuthentication;
  const file = FILE_ACTIVITY[name];
  if (file !== undefined) return (fdr, options) => fdrFileActivity(fdr, file, options);
  if (/(FileWritten|ExecutableWritten|ScriptWritten)$/.test(name))
    return (fdr, options) => fdrFileActivity(fdr, 1, options);
  if (name === 'ImageHash' || /ModuleLoad$/.test(name)) return fdrModuleActivity;
  if (name === 'DriverLoad' || name === 'KextLoad') return fdrDriverLoad;
  if (/^(Reg\w*(Update|Delete\w*)|Asep(Key|Value)Update|SuspiciousRegAsepUpdate)$/.test(name))
    return fdrRegistryActivity;
  return undefined;
}

/** True for an `aidmaster` record: the sensor inventory FDR writes under `aidmaster/`. */
function isAidMaster(record: RecordReader): boolean {
  return (
    record.string('aid') !== undefined &&
    (record.string('AgentVersion') !== undefined || record.string('AgentLoadFlags') !== undefined)
  );
}

/** `ChassisType` / `ProductType` of aidmaster → OCSF `device.type_id`. */
function aidMasterTypeId(record: RecordReader): number {
  const chassis = record.string('ChassisType')?.toLowerCase() ?? '';
  if (chassis.includes('laptop') || chassis.includes('notebook')) return 3;
  if (chassis.includes('desktop')) return 2;
  // ProductType: 1 workstation, 2 domain controller, 3 server
  const product = record.number('ProductType');
  if (product === 2 || product === 3) return 1;
  if (product === 1) return 2;
  return 0;
}

const AIDMASTER_MAPPED = new Set([
  ...FDR_COMMON,
  'Time',
  'AgentVersion',
  'BiosManufacturer',
  'BiosVersion',
  'ChassisType',
  'ProductType',
  'FirstSeen',
  'MachineDomain',
  'SystemManufacturer',
  'SystemProductName',
  'Version',
  'MAC',
  'City',
  'Country',
  'Continent',
  'Timezone',
]);

/** An aidmaster record as OCSF Device Inventory Info (activity Collect). */
function aidMasterInventory(raw: unknown, record: RecordReader, options: NormalizeOptions) {
  const time = falconTime(record.value('Time')) ?? falconTime(record.value('timestamp'));
  if (time === undefined) {
    throw new NormalizationError('CrowdStrike FDR aidmaster record: Time is missing', {
      path: 'Time',
    });
  }
  const os = fdrOs(record);
  return buildEvent(
    'inventory_info',
    {
      activity_id: 2,
      severity_id: 1,
      status_id: 1,
      time,
      message: `Falcon sensor ${record.string('aid') ?? ''} on ${record.string('ComputerName') ?? 'unknown host'}`,
      device: compact({
        ...fdrDevice(record),
        name: record.string('ComputerName'),
        domain: record.string('MachineDomain'),
        os: os ? { ...os, name: record.string('Version') ?? os['name'] } : undefined,
        type_id: aidMasterTypeId(record),
        vendor_name: record.string('SystemManufacturer'),
        model: record.string('SystemProductName'),
        mac: macAddress(record.string('MAC')),
        hw_info: part({
          bios_manufacturer: record.string('BiosManufacturer'),
          bios_ver: record.string('BiosVersion'),
        }),
        first_seen_time: falconTime(record.value('FirstSeen')),
        location: part({
          city: record.string('City'),
          country: record.string('Country')?.length === 2 ? record.string('Country') : undefined,
          continent: record.string('Continent'),
        }),
        is_managed: true,
        agent_list: [
          compact({
            uid: record.string('aid'),
            name: 'Falcon sensor',
            type_id: 1,
            vendor_name: 'CrowdStrike',
            version: record.string('AgentVersion'),
          }),
        ],
      }),
      metadata: fdrMetadata(record, 'aidmaster'),
      unmapped: record.rest(AIDMASTER_MAPPED),
    },
    { source: 'CrowdStrike FDR aidmaster', record: raw, options },
  );
}

/** True when a record has an FDR shape: `event_simpleName`, or an aidmaster entry. */
export function isCrowdStrikeFdrRecord(record: unknown): boolean {
  if (!isRecord(record)) return false;
  if (typeof record['event_simpleName'] === 'string') return true;
  return (
    typeof record['aid'] === 'string' && ('AgentVersion' in record || 'AgentLoadFlags' in record)
  );
}

/**
 * Normalises one Falcon Data Replicator record (a line of an FDR file under `data/`, or an
 * `aidmaster/` inventory line) by its `event_simpleName`:
 *
 * - ProcessRollup2, SyntheticProcessRollup2 → Process Activity (1007) Launch; EndOfProcess,
 *   TerminateProcess → Terminate; DllInjection and `*InjectedThread` → Inject;
 * - NetworkConnect / ReceiveAccept / Listen / Close `IP4|IP6`, RawBind → Network Activity (4001);
 * - DnsRequest, SuspiciousDnsRequest → DNS Activity (4003);
 * - UserLogon, UserLogonFailed, UserLogonFailed2, UserLogoff → Authentication (3002);
 * - `*FileWritten`, NewExecutableWritten, NewScriptWritten, FileCreateInfo, DirectoryCreate,
 *   FileOpenInfo, FileRenameInfo, FileDeleteInfo, ExecutableDeleted, CriticalFile… → File
 *   System Activity (1001);
 * - ImageHash, `*ModuleLoad` → Module Activity (1005); DriverLoad, KextLoad → Kernel Extension
 *   Activity (1002);
 * - `Reg*Update`, `Reg*Delete*`, AsepValueUpdate, AsepKeyUpdate → Registry Value (201002) or
 *   Registry Key (201001) Activity;
 * - aidmaster records → Device Inventory Info (5001);
 * - a mapped event whose record lacks what its class needs (a DNS request without a domain, a
 *   file event without a path), every other event, and the other secondary files' lines (`managedassets`, `notmanaged`,
 *   `userinfo`: no `event_simpleName`, event code `fdr_secondary`) → Base Event with the record
 *   in `unmapped` (and, for the first, the reason in `status_detail`).
 *
 * Falcon's process ids (`TargetProcessId`, `ParentProcessId`, `ContextProcessId`) are OCSF
 * process `uid`s; `RawProcessId` is the OS `pid`. `time` is the sensor's `ContextTimeStamp`,
 * else the cloud's `timestamp`, which is kept in `metadata.logged_time`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has neither `event_simpleName` nor `cid`, or has no usable time.
 */
export function normalizeCrowdStrikeFdrEvent(
  raw: unknown,
  options: NormalizeOptions = {},
): NormalizedEvent {
  const record = new RecordReader(raw);
  const name = record.string('event_simpleName');
  if (name === undefined) {
    if (isAidMaster(record)) return aidMasterInventory(raw, record, options);
    // managedassets / notmanaged / userinfo lines: no event name, kept whole
    if (record.string('cid') === undefined) record.requireString('event_simpleName');
  }
  const eventName = name ?? 'fdr_secondary';
  const time = fdrTime(record, 'Time', '_time', 'LastDiscoveredBy', 'FirstDiscoveredDate');
  if (time === undefined) record.requireTime('timestamp');
  const fdr: FdrRecord = { raw, record, name: eventName };
  const mapper = mapperOf(eventName);
  let notMapped: string | undefined;
  if (mapper) {
    try {
      return mapper(fdr, options);
    } catch (error) {
      // a known event this record's fields do not fill (no file path, no domain…): kept whole
      if (!OpenMdrError.isInstance(error) || error.code !== 'NORMALIZE_FAILED') throw error;
      notMapped = `not mapped to its OCSF class: ${error.message}`;
    }
  }
  return buildEvent(
    'base_event',
    {
      activity_id: 99,
      activity_name: eventName,
      severity_id: 1,
      status_id: 0,
      time,
      status_detail: notMapped,
      message: `CrowdStrike FDR ${eventName}`,
      device: fdrDevice(record),
      metadata: fdrMetadata(record, eventName),
      unmapped: record.rest(new Set(FDR_COMMON)),
    },
    { source: `CrowdStrike FDR ${eventName}`, record: raw, options },
  );
}
