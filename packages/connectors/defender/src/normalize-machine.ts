import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  compact,
  macAddress,
  type NormalizeOptions,
  osPart,
  RecordReader,
  riskLevelAttributes,
} from '@openmdr/connector-kit/normalize';
import type { InventoryInfo } from '@openmdr/core';
import { DEFENDER_ENDPOINT_PRODUCT } from './defender-parts.js';

const MAPPED = new Set([
  'id',
  'computerDnsName',
  'lastIpAddress',
  'osPlatform',
  'osVersion',
  'version',
  'osBuild',
  'firstSeen',
  'lastSeen',
  'aadDeviceId',
  'rbacGroupId',
  'rbacGroupName',
  'machineTags',
  'ipAddresses',
  'healthStatus',
  'riskScore',
  'onboardingStatus',
  'isAadJoined',
]);

/**
 * Normalises one Microsoft Defender for Endpoint machine (`GET /api/machines`) into an OCSF
 * 1.8.0 Device Inventory Info event (class 5001, activity Collect).
 *
 * The device carries the machine id (`uid`) and Entra device id (`uid_alt`), DNS name, last IP
 * and network interfaces, OS, first/last seen, device group, tags as labels, risk level and
 * managed state; `healthStatus` goes to `status_detail`. Other fields go to `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `id`, or no `lastSeen` / `firstSeen`.
 */
export function normalizeDefenderMachine(
  record: unknown,
  options: NormalizeOptions = {},
): InventoryInfo & NormalizedEvent {
  const machine = new RecordReader(record);
  const uid = machine.requireString('id');
  const lastSeen = machine.time('lastSeen');
  const time = lastSeen ?? machine.time('firstSeen') ?? machine.requireTime('lastSeen');
  const interfaces = machine.objects('ipAddresses').map((item) =>
    compact({
      ip: item.ip('ipAddress'),
      mac: macAddress(item.string('macAddress')),
      type_id: item.string('type')?.toLowerCase().includes('wireless')
        ? 2
        : item.string('type')?.toLowerCase().includes('ethernet')
          ? 1
          : 0,
      name: item.string('type'),
    }),
  );
  const hostname = machine.string('computerDnsName');
  const unmapped = machine.rest(MAPPED);
  const device = compact({
    uid,
    uid_alt: machine.string('aadDeviceId'),
    hostname,
    name: hostname?.split('.')[0],
    ip: machine.ip('lastIpAddress'),
    os: osPart({
      name: machine.string('osPlatform'),
      version: machine.string('osVersion') ?? machine.string('version'),
      build: machine.string('osBuild'),
    }),
    type_id: 0,
    first_seen_time: machine.time('firstSeen'),
    last_seen_time: lastSeen,
    is_managed: machine.string('onboardingStatus') === 'Onboarded',
    groups: machine.string('rbacGroupName')
      ? [compact({ name: machine.string('rbacGroupName'), uid: machine.string('rbacGroupId') })]
      : undefined,
    network_interfaces: interfaces.filter((item) => item['ip'] || item['mac']),
    ...riskLevelAttributes(machine.string('riskScore')),
    agent_list: [
      compact({
        uid,
        name: 'Microsoft Defender for Endpoint',
        type_id: 1,
        vendor_name: 'Microsoft',
      }),
    ],
  });
  const event = {
    activity_id: 2,
    severity_id: 1,
    status_id: 1,
    time,
    status_detail: machine.string('healthStatus'),
    device,
    metadata: {
      product: DEFENDER_ENDPOINT_PRODUCT,
      uid,
      original_time: machine.string('lastSeen'),
      labels: machine.strings('machineTags'),
    },
    unmapped,
  };
  return buildEvent('inventory_info', event, {
    source: 'Microsoft Defender for Endpoint machine',
    record,
    options,
  });
}
