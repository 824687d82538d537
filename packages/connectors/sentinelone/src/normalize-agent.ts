import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  compact,
  macAddress,
  type NormalizeOptions,
  type OcsfPart,
  osPart,
  part,
  RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';
import type { InventoryInfo } from '@openmdr/core';

const MACHINE_TYPES: Readonly<Record<string, number>> = {
  laptop: 3,
  desktop: 2,
  server: 1,
  'kubernetes node': 6,
  'kubernetes pod': 6,
  'ecs task': 6,
  storage: 1,
};

function interfaces(agent: RecordReader | undefined): OcsfPart[] {
  return (agent?.objects('networkInterfaces') ?? []).map((item) =>
    compact({
      uid: item.string('id'),
      name: item.string('name'),
      ip: validIp(item.strings('inet')[0]) ?? validIp(item.strings('inet6')[0]),
      mac: macAddress(item.string('physical')),
      type_id: 0,
    }),
  );
}

/**
 * The OCSF device of a SentinelOne agent, from an agent record (`/agents`) or from a threat's
 * `agentRealtimeInfo` / `agentDetectionInfo`. `undefined` when neither names the agent.
 */
export function sentineloneDevice(
  realtime: RecordReader | undefined,
  detection?: RecordReader | undefined,
): OcsfPart | undefined {
  const uid = realtime?.string('agentId') ?? realtime?.string('id');
  const hostname = realtime?.string('agentComputerName') ?? realtime?.string('computerName');
  if (!uid && !hostname) return undefined;
  const nics = interfaces(realtime);
  const osType = realtime?.string('agentOsType') ?? realtime?.string('osType');
  const machineType = (
    realtime?.string('agentMachineType') ?? realtime?.string('machineType')
  )?.toLowerCase();
  return compact({
    uid,
    uid_alt: realtime?.string('agentUuid') ?? realtime?.string('uuid'),
    hostname,
    name: hostname,
    ip:
      detection?.ip('agentIpV4') ??
      realtime?.ip('lastIpToMgmt') ??
      (nics.find((nic) => nic['ip'])?.['ip'] as string | undefined),
    mac: nics.find((nic) => nic['mac'])?.['mac'],
    domain:
      realtime?.string('agentDomain') ??
      realtime?.string('domain') ??
      detection?.string('agentDomain'),
    os: osPart({
      name: realtime?.string('agentOsName') ?? realtime?.string('osName'),
      platform: osType,
      version: realtime?.string('agentOsRevision') ?? realtime?.string('osRevision'),
    }),
    type_id: machineType ? (MACHINE_TYPES[machineType] ?? 99) : 0,
    groups:
      realtime?.string('groupId') || realtime?.string('groupName')
        ? [compact({ uid: realtime?.string('groupId'), name: realtime?.string('groupName') })]
        : undefined,
    org: part({ uid: realtime?.string('siteId'), name: realtime?.string('siteName') }),
    network_interfaces: nics,
  });
}

const MAPPED = new Set([
  'id',
  'uuid',
  'computerName',
  'lastIpToMgmt',
  'networkInterfaces',
  'domain',
  'osName',
  'osType',
  'osRevision',
  'machineType',
  'groupId',
  'groupName',
  'siteId',
  'siteName',
  'modelName',
  'serialNumber',
  'cpuCount',
  'coreCount',
  'totalMemory',
  'registeredAt',
  'lastActiveDate',
  'updatedAt',
  'agentVersion',
  'networkStatus',
  'isActive',
]);

/**
 * Normalises one SentinelOne agent (`GET /web/api/v2.1/agents`) into an OCSF 1.8.0 Device
 * Inventory Info event (class 5001, activity Collect): id and UUID, computer name, management IP
 * and interfaces, domain, OS, machine type, model and serial, CPU and memory, group and site,
 * registration and last activity, and the agent; the network status goes to `status_detail`.
 * Other fields go to `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `id`, or no `updatedAt` / `createdAt`.
 */
export function normalizeSentinelOneAgent(
  record: unknown,
  options: NormalizeOptions = {},
): InventoryInfo & NormalizedEvent {
  const agent = new RecordReader(record);
  const uid = agent.requireString('id');
  const time = agent.time('updatedAt') ?? agent.time('createdAt') ?? agent.requireTime('updatedAt');
  const device = sentineloneDevice(agent) ?? { uid, type_id: 0 };
  const unmapped = agent.rest(MAPPED);
  const network = agent.string('networkStatus');
  const event = {
    activity_id: 2,
    severity_id: 1,
    status_id: 1,
    time,
    status_detail: network ? `network: ${network}` : undefined,
    device: {
      ...device,
      model: agent.string('modelName'),
      hw_info: part({
        serial_number: agent.string('serialNumber'),
        cpu_count: agent.number('cpuCount'),
        cpu_cores: agent.number('coreCount'),
        ram_size: agent.number('totalMemory'),
      }),
      first_seen_time: agent.time('registeredAt'),
      last_seen_time: agent.time('lastActiveDate'),
      modified_time: agent.time('updatedAt'),
      is_managed: agent.boolean('isDecommissioned') !== true,
      agent_list: [
        compact({
          uid: agent.string('uuid') ?? uid,
          name: 'SentinelOne agent',
          type_id: 1,
          vendor_name: 'SentinelOne',
          version: agent.string('agentVersion'),
        }),
      ],
    },
    metadata: {
      product: { name: 'Singularity', vendor_name: 'SentinelOne' },
      uid,
      original_time: agent.string('updatedAt'),
    },
    unmapped,
  };
  return buildEvent('inventory_info', event, { source: 'SentinelOne agent', record, options });
}
