/**
 * The `splunk-cim` mapping: Sigma rules over Splunk's Common Information Model data models,
 * read with `| datamodel <model> <dataset> search` (fields prefixed with the dataset name).
 * Only the logsources and fields the CIM has are mapped; any other field makes a rule
 * unconvertible (`unmappedFields: 'fail'`) rather than searching a field no event has.
 * Sysmon's registry `EventType` values are not CIM `action` values, so registry categories
 * select by `action` instead.
 *
 * @module
 */
import type { SigmaQueryMapping } from '../types.js';

const processes = {
  CommandLine: 'Processes.process',
  Image: 'Processes.process_path',
  OriginalFileName: 'Processes.original_file_name',
  CurrentDirectory: 'Processes.process_current_directory',
  IntegrityLevel: 'Processes.process_integrity_level',
  ParentCommandLine: 'Processes.parent_process',
  ParentImage: 'Processes.parent_process_path',
  ParentProcessGuid: 'Processes.parent_process_guid',
  ParentProcessId: 'Processes.parent_process_id',
  ProcessGuid: 'Processes.process_guid',
  ProcessId: 'Processes.process_id',
  User: 'Processes.user',
  Computer: 'Processes.dest',
};

const filesystem = {
  TargetFilename: 'Filesystem.file_path',
  Image: 'Filesystem.process_path',
  ProcessGuid: 'Filesystem.process_guid',
  ProcessId: 'Filesystem.process_id',
  CreationUtcTime: 'Filesystem.file_create_time',
  User: 'Filesystem.user',
  Computer: 'Filesystem.dest',
};

const registry = {
  TargetObject: 'Registry.registry_path',
  Details: 'Registry.registry_value_data',
  Image: 'Registry.process_path',
  ProcessGuid: 'Registry.process_guid',
  ProcessId: 'Registry.process_id',
  User: 'Registry.user',
  Computer: 'Registry.dest',
};

const traffic = {
  DestinationIp: 'All_Traffic.dest_ip',
  DestinationPort: 'All_Traffic.dest_port',
  SourceIp: 'All_Traffic.src_ip',
  SourcePort: 'All_Traffic.src_port',
  Protocol: 'All_Traffic.transport',
  User: 'All_Traffic.user',
};

const dns = { QueryName: 'DNS.query', QueryResults: 'DNS.answer' };

const REGISTRY_SOURCE = '| datamodel Endpoint Registry search';

/** The `splunk-cim` mapping (see the module documentation). */
export const SPLUNK_CIM_MAPPING: SigmaQueryMapping = {
  name: 'splunk-cim',
  description:
    'Splunk Common Information Model data models (Endpoint.Processes, Endpoint.Filesystem, Endpoint.Registry, Network_Traffic, Network_Resolution); fields the CIM lacks fail.',
  timeField: '_time',
  fields: {},
  unmappedFields: 'fail',
  logsources: [
    {
      category: 'process_creation',
      source: '| datamodel Endpoint Processes search',
      fields: processes,
    },
    {
      category: 'file_event',
      source: '| datamodel Endpoint Filesystem search',
      conditions: { 'Filesystem.action': 'created' },
      fields: filesystem,
    },
    {
      category: 'file_delete',
      source: '| datamodel Endpoint Filesystem search',
      conditions: { 'Filesystem.action': 'deleted' },
      fields: filesystem,
    },
    { category: 'registry_event', source: REGISTRY_SOURCE, fields: registry },
    {
      category: 'registry_add',
      source: REGISTRY_SOURCE,
      conditions: { 'Registry.action': 'created' },
      fields: registry,
    },
    {
      category: 'registry_delete',
      source: REGISTRY_SOURCE,
      conditions: { 'Registry.action': 'deleted' },
      fields: registry,
    },
    {
      category: 'registry_set',
      source: REGISTRY_SOURCE,
      conditions: { 'Registry.action': 'modified' },
      fields: registry,
    },
    {
      category: 'network_connection',
      source: '| datamodel Network_Traffic All_Traffic search',
      fields: traffic,
    },
    { category: 'dns_query', source: '| datamodel Network_Resolution DNS search', fields: dns },
  ],
};
