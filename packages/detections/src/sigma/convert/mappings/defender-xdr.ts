/**
 * The `defender-xdr` mapping: Microsoft Defender XDR advanced hunting tables
 * (`DeviceProcessEvents`, `DeviceNetworkEvents`, `DeviceFileEvents`, `DeviceRegistryEvents`,
 * `DeviceImageLoadEvents`), with Sysmon's field names renamed to the tables' columns as
 * Microsoft documents them (`CommandLine` → `ProcessCommandLine`, `Image` → `FolderPath`,
 * `ParentImage` → `InitiatingProcessFolderPath`, …). Defender has no event-log channels, so
 * only these categories convert, and a field without a column of the table makes the rule
 * unconvertible (`unmappedFields: 'fail'`). Categories select their action with `ActionType`.
 *
 * @module
 */
import type { SigmaQueryMapping } from '../types.js';

const initiating = {
  Image: 'InitiatingProcessFolderPath',
  ProcessId: 'InitiatingProcessId',
  User: 'InitiatingProcessAccountName',
  IntegrityLevel: 'InitiatingProcessIntegrityLevel',
  CommandLine: 'InitiatingProcessCommandLine',
  Computer: 'DeviceName',
};

const process = {
  Image: 'FolderPath',
  CommandLine: 'ProcessCommandLine',
  OriginalFileName: 'ProcessVersionInfoOriginalFileName',
  Company: 'ProcessVersionInfoCompanyName',
  Description: 'ProcessVersionInfoFileDescription',
  Product: 'ProcessVersionInfoProductName',
  FileVersion: 'ProcessVersionInfoProductVersion',
  IntegrityLevel: 'ProcessIntegrityLevel',
  ProcessId: 'ProcessId',
  LogonId: 'LogonId',
  User: 'AccountName',
  ParentImage: 'InitiatingProcessFolderPath',
  ParentCommandLine: 'InitiatingProcessCommandLine',
  ParentProcessId: 'InitiatingProcessId',
  ParentUser: 'InitiatingProcessAccountName',
  Computer: 'DeviceName',
};

const file = { ...initiating, TargetFilename: 'FolderPath' };
const registryFields = {
  ...initiating,
  TargetObject: 'RegistryKey',
  Details: 'RegistryValueData',
};

/** The `defender-xdr` mapping (see the module documentation). */
export const DEFENDER_XDR_MAPPING: SigmaQueryMapping = {
  name: 'defender-xdr',
  description:
    'Microsoft Defender XDR advanced hunting tables (DeviceProcessEvents, DeviceNetworkEvents, DeviceFileEvents, DeviceRegistryEvents, DeviceImageLoadEvents); fields without a column fail.',
  timeField: 'Timestamp',
  fields: {},
  unmappedFields: 'fail',
  logsources: [
    {
      product: 'windows',
      category: 'process_creation',
      source: 'DeviceProcessEvents',
      conditions: { ActionType: 'ProcessCreated' },
      fields: process,
    },
    {
      product: 'windows',
      category: 'image_load',
      source: 'DeviceImageLoadEvents',
      fields: { ...initiating, ImageLoaded: 'FolderPath' },
    },
    {
      product: 'windows',
      category: 'file_event',
      source: 'DeviceFileEvents',
      conditions: { ActionType: 'FileCreated' },
      fields: file,
    },
    {
      product: 'windows',
      category: 'file_delete',
      source: 'DeviceFileEvents',
      conditions: { ActionType: 'FileDeleted' },
      fields: file,
    },
    {
      product: 'windows',
      category: 'file_rename',
      source: 'DeviceFileEvents',
      conditions: { ActionType: 'FileRenamed' },
      fields: { ...file, SourceFilename: 'PreviousFolderPath' },
    },
    {
      product: 'windows',
      category: 'registry_event',
      source: 'DeviceRegistryEvents',
      fields: registryFields,
    },
    {
      product: 'windows',
      category: 'registry_add',
      source: 'DeviceRegistryEvents',
      conditions: { ActionType: 'RegistryKeyCreated' },
      fields: registryFields,
    },
    {
      product: 'windows',
      category: 'registry_delete',
      source: 'DeviceRegistryEvents',
      conditions: { ActionType: ['RegistryKeyDeleted', 'RegistryValueDeleted'] },
      fields: registryFields,
    },
    {
      product: 'windows',
      category: 'registry_set',
      source: 'DeviceRegistryEvents',
      conditions: { ActionType: 'RegistryValueSet' },
      fields: registryFields,
    },
    {
      product: 'windows',
      category: 'network_connection',
      source: 'DeviceNetworkEvents',
      fields: {
        ...initiating,
        DestinationIp: 'RemoteIP',
        DestinationPort: 'RemotePort',
        DestinationHostname: 'RemoteUrl',
        SourceIp: 'LocalIP',
        SourcePort: 'LocalPort',
        Protocol: 'Protocol',
      },
    },
  ],
};
