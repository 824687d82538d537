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
} from '@openmdr/connector-kit/normalize';
import type { InventoryInfo } from '@openmdr/core';

const MAPPED = new Set([
  'device_id',
  'hostname',
  'local_ip',
  'mac_address',
  'machine_domain',
  'os_version',
  'os_build',
  'kernel_version',
  'platform_name',
  'product_type_desc',
  'chassis_type_desc',
  'system_manufacturer',
  'system_product_name',
  'serial_number',
  'bios_manufacturer',
  'bios_version',
  'first_seen',
  'last_seen',
  'modified_timestamp',
  'agent_version',
  'groups',
  'device_policies',
  'status',
  'connection_ip',
  'connection_mac_address',
]);

/**
 * OCSF `device.type_id` of a Falcon host: laptops from `chassis_type_desc`, servers and domain
 * controllers from `product_type_desc`, other workstations as desktops.
 */
export function crowdstrikeDeviceTypeId(device: RecordReader | undefined): number {
  const chassis = device?.string('chassis_type_desc')?.toLowerCase() ?? '';
  const product = device?.string('product_type_desc')?.toLowerCase() ?? '';
  if (chassis.includes('laptop') || chassis.includes('notebook')) return 3;
  if (chassis.includes('virtual')) return 6;
  if (product.includes('server') || product.includes('domain controller')) return 1;
  if (product.includes('workstation')) return 2;
  if (device?.string('platform_name')?.toLowerCase() === 'mac') return 3;
  return 0;
}

const CONTAINMENT = new Set(['contained', 'containment_pending', 'lift_containment_pending']);

/**
 * Normalises one CrowdStrike Falcon host (`/devices/entities/devices/v2` resource) into an OCSF
 * 1.8.0 Device Inventory Info event (class 5001, activity Collect).
 *
 * The device carries its agent id (`uid`), hostname, IP and MAC, domain, OS, type, vendor and
 * model, serial number and BIOS, first/last seen times, host groups and the Falcon sensor
 * (`agent_list`); a containment state is kept in `status_detail`. Other fields go to `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object or has no `device_id`.
 */
export function normalizeCrowdStrikeHost(
  record: unknown,
  options: NormalizeOptions = {},
): InventoryInfo & NormalizedEvent {
  const host = new RecordReader(record);
  const uid = host.requireString('device_id');
  const modified = host.time('modified_timestamp');
  const lastSeen = host.time('last_seen');
  const time = modified ?? lastSeen ?? host.requireTime('modified_timestamp');
  const status = host.string('status');
  const policies: OcsfPart[] = [];
  const devicePolicies = host.object('device_policies');
  if (devicePolicies) {
    for (const [kind, value] of Object.entries(devicePolicies.record)) {
      const policy = devicePolicies.object(kind);
      if (!policy || value === null) continue;
      const id = policy.string('policy_id');
      if (id)
        policies.push(compact({ uid: id, type: kind, is_applied: policy.boolean('applied') }));
    }
  }
  const unmapped = host.rest(MAPPED);
  const device = compact({
    uid,
    hostname: host.string('hostname'),
    name: host.string('hostname'),
    ip: host.ip('local_ip') ?? host.ip('connection_ip'),
    mac: macAddress(host.string('mac_address') ?? host.string('connection_mac_address')),
    domain: host.string('machine_domain'),
    os: osPart({
      name: host.string('os_version'),
      platform: host.string('platform_name'),
      build: host.string('os_build'),
      kernel: host.string('kernel_version'),
    }),
    type_id: crowdstrikeDeviceTypeId(host),
    vendor_name: host.string('system_manufacturer'),
    model: host.string('system_product_name'),
    hw_info: part({
      serial_number: host.string('serial_number'),
      bios_manufacturer: host.string('bios_manufacturer'),
      bios_ver: host.string('bios_version'),
    }),
    first_seen_time: host.time('first_seen'),
    last_seen_time: lastSeen,
    modified_time: modified,
    is_managed: true,
    groups: host.strings('groups').map((group) => ({ uid: group })),
    agent_list: [
      compact({
        uid,
        name: 'Falcon sensor',
        type_id: 1,
        vendor_name: 'CrowdStrike',
        version: host.string('agent_version'),
        policies,
      }),
    ],
  });
  const event = {
    activity_id: 2,
    severity_id: 1,
    status_id: 1,
    time,
    status_detail: status && CONTAINMENT.has(status) ? `containment: ${status}` : status,
    device,
    metadata: {
      product: { name: 'Falcon', vendor_name: 'CrowdStrike' },
      uid,
      original_time: host.string('modified_timestamp'),
    },
    unmapped,
  };
  return buildEvent('inventory_info', event, { source: 'CrowdStrike host', record, options });
}
