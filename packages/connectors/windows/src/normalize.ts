import type { NormalizeOptions } from '@openmdr/connector-kit/normalize';
import { bitsMappers } from './bits.js';
import { type MappingContext as Context, MappingContext, type RecordMapper } from './context.js';
import { directoryServiceMappers } from './directory-service.js';
import { NormalizationError } from './errors.js';
import { msiInstallerMappers } from './msi-installer.js';
import type { OcsfObject } from './ocsf-parts.js';
import { powershellMappers } from './powershell.js';
import { parseInteger, readWindowsEvent, type WindowsEvent } from './record.js';
import { toEventLogShape } from './record-shapes.js';
import {
  localSessionManagerMappers,
  rdpCoreMappers,
  remoteConnectionManagerMappers,
} from './remote-desktop.js';
import { rpcMappers } from './rpc.js';
import { logCleared, securityMappers, serviceInstall } from './security.js';
import { securityNetworkMappers } from './security-network.js';
import { securityPrivilegeMappers } from './security-privileges.js';
import { sysmonMappers } from './sysmon.js';

/** Options of {@link normalizeWindowsEvent}: the kit's normaliser options. */
export type NormalizeWindowsOptions = NormalizeOptions;

const mappersByProvider: Readonly<Record<string, Readonly<Record<number, RecordMapper>>>> = {
  'microsoft-windows-sysmon': sysmonMappers,
  'linux-sysmon': sysmonMappers,
  'microsoft-windows-security-auditing': {
    ...securityMappers,
    ...securityNetworkMappers,
    ...directoryServiceMappers,
    ...securityPrivilegeMappers,
  },
  'microsoft-windows-powershell': powershellMappers,
  powershellcore: powershellMappers,
  'service control manager': { 7045: serviceInstall },
  'microsoft-windows-eventlog': { 104: logCleared, 1102: logCleared },
  'microsoft-windows-bits-client': bitsMappers,
  msiinstaller: msiInstallerMappers,
  'microsoft-windows-rpc': rpcMappers,
  'microsoft-windows-terminalservices-remoteconnectionmanager': remoteConnectionManagerMappers,
  'microsoft-windows-terminalservices-localsessionmanager': localSessionManagerMappers,
  'microsoft-windows-remotedesktopservices-rdpcorets': rdpCoreMappers,
};

/** The mapper for a record, or `undefined` when the record is kept as an OCSF Base Event. */
function mapperFor(event: WindowsEvent): RecordMapper | undefined {
  return mappersByProvider[event.provider.toLowerCase()]?.[event.eventId];
}

/** Any record without a dedicated mapping: Base Event (class 0), activity Other, data in `unmapped`. */
const baseEventMapper: RecordMapper = (context: Context) =>
  context.emit(
    'baseEvent',
    99,
    {},
    {
      productName: context.event.provider,
      activityName: `EventID ${context.event.eventId}`,
      profiles: ['host'],
    },
  );

/**
 * Normalises one Windows Event Log record (`{Event: {System, EventData}}`, as exported by
 * `wevtutil`/`evtx` tools; Winlogbeat `winlog.*`, Winlogbeat 6 and flat NXLog records are read
 * too) into an OCSF 1.8.0 event.
 *
 * Sysmon, Security, PowerShell, Service Control Manager, Event Log, BITS, Windows Installer,
 * Remote Desktop and RPC records get their OCSF class (Process Activity, File System Activity,
 * Registry Key/Value Activity, Network Activity, DNS Activity, Module Activity, Kernel Extension
 * Activity, Authentication, Authorize Session, Account Change, Entity Management, Scheduled Job
 * Activity, Windows Service Activity, Script Activity, Event Log Activity, SMB Activity, RDP
 * Activity, Application Lifecycle); every other record becomes a Base Event. EventData values OCSF has no place for
 * are kept in `unmapped` under their Windows names.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record cannot be
 *   normalised (not a record, no EventID, no time, a required value missing).
 */
export function normalizeWindowsEvent(
  record: unknown,
  options: NormalizeWindowsOptions = {},
): OcsfObject {
  const shaped = toEventLogShape(record);
  const event = readWindowsEvent(shaped);
  const system = (shaped as { Event: { System: Record<string, unknown> } }).Event.System;
  const context = new MappingContext(event, {
    rawData: options.includeRawData === true ? JSON.stringify(record) : undefined,
    level: parseInteger(system.Level),
  });
  const mapper = mapperFor(event) ?? baseEventMapper;
  try {
    return mapper(context);
  } catch (error) {
    if (NormalizationError.isInstance(error)) throw error;
    throw new NormalizationError(
      `could not normalise ${event.provider} event ${event.eventId}: ${(error as Error).message}`,
      { cause: error, path: 'Event.EventData' },
    );
  }
}

/** Whether the normaliser has a dedicated OCSF class mapping for a provider's EventID. */
export function hasWindowsMapping(provider: string, eventId: number): boolean {
  return mappersByProvider[provider.toLowerCase()]?.[eventId] !== undefined;
}
