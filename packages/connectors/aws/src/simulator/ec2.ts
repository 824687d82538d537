import { xmlElement } from '@openmdr/connector-kit/aws';
import type { SimulatorResponse } from '@openmdr/connector-kit/simulator';
import { ec2Error, ec2Response, ec2TagSet, listParam, structParams, tagParams } from './query.js';
import {
  type AwsSimAccount,
  type AwsSimInstance,
  type AwsSimRule,
  type AwsSimSecurityGroup,
  allOutbound,
  ec2Id,
} from './state.js';

const notFound = (code: string, message: string) => ec2Error({ status: 400, code, message });

const missing = (name: string) =>
  ec2Error({
    status: 400,
    code: 'MissingParameter',
    message: `The request must contain the parameter ${name}`,
  });

/** `Filter.N.Name` / `Filter.N.Value.M` as name → accepted values. */
function filtersOf(form: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const filter of structParams(form, 'Filter')) {
    filters.set(filter.get('Name') ?? '', listParam(filter, 'Value'));
  }
  return filters;
}

/** Whether a resource with `fields` and `tags` passes every filter. */
function matches(
  filters: Map<string, string[]>,
  fields: Record<string, string>,
  tags: ReadonlyMap<string, string>,
): boolean {
  for (const [name, values] of filters) {
    const value = name.startsWith('tag:') ? tags.get(name.slice(4)) : fields[name];
    if (value === undefined || !values.includes(value)) return false;
  }
  return true;
}

const items = (list: string[]) => list.map((item) => `<item>${item}</item>`).join('');

function groupRef(account: AwsSimAccount, groupId: string): string {
  const name = account.securityGroups.get(groupId)?.groupName ?? groupId;
  return `${xmlElement('groupId', groupId)}${xmlElement('groupName', name)}`;
}

function instanceXml(account: AwsSimAccount, instance: AwsSimInstance): string {
  const volumes = instance.volumes.map(
    (volume) =>
      `${xmlElement('deviceName', volume.deviceName)}<ebs>${xmlElement('volumeId', volume.volumeId)}${xmlElement('status', 'attached')}${xmlElement('attachTime', '2026-01-05T09:00:00.000Z')}${xmlElement('deleteOnTermination', true)}</ebs>`,
  );
  const enis = instance.networkInterfaces.map(
    (eni, index) =>
      `${xmlElement('networkInterfaceId', eni.networkInterfaceId)}${xmlElement('subnetId', instance.subnetId)}${xmlElement('vpcId', instance.vpcId)}${xmlElement('ownerId', account.account)}${xmlElement('status', 'in-use')}<groupSet>${items(eni.groupIds.map((id) => groupRef(account, id)))}</groupSet><attachment>${xmlElement('attachmentId', `eni-attach-${eni.networkInterfaceId.slice(4)}`)}${xmlElement('deviceIndex', index)}${xmlElement('status', 'attached')}${xmlElement('deleteOnTermination', index === 0)}</attachment>`,
  );
  const primaryGroups = instance.networkInterfaces[0]?.groupIds ?? [];
  return `${xmlElement('instanceId', instance.instanceId)}${xmlElement('imageId', 'ami-0a1b2c3d4e5f60718')}<instanceState>${xmlElement('code', 16)}${xmlElement('name', 'running')}</instanceState>${xmlElement('instanceType', 't3.micro')}${xmlElement('subnetId', instance.subnetId)}${xmlElement('vpcId', instance.vpcId)}${xmlElement('rootDeviceType', 'ebs')}${xmlElement('rootDeviceName', instance.volumes[0]?.deviceName ?? '/dev/xvda')}<blockDeviceMapping>${items(volumes)}</blockDeviceMapping><groupSet>${items(primaryGroups.map((id) => groupRef(account, id)))}</groupSet><networkInterfaceSet>${items(enis)}</networkInterfaceSet>${ec2TagSet(instance.tags)}`;
}

function ruleXml(rule: AwsSimRule): string {
  return `${xmlElement('ipProtocol', rule.ipProtocol)}${rule.fromPort === undefined ? '' : xmlElement('fromPort', rule.fromPort)}${rule.toPort === undefined ? '' : xmlElement('toPort', rule.toPort)}<groups/><ipRanges>${items(rule.cidrIps.map((cidr) => xmlElement('cidrIp', cidr)))}</ipRanges><ipv6Ranges>${items(rule.cidrIpv6s.map((cidr) => xmlElement('cidrIpv6', cidr)))}</ipv6Ranges><prefixListIds/>`;
}

function groupXml(account: AwsSimAccount, group: AwsSimSecurityGroup): string {
  return `${xmlElement('ownerId', account.account)}${xmlElement('groupId', group.groupId)}${xmlElement('groupName', group.groupName)}${xmlElement('groupDescription', group.description)}${xmlElement('vpcId', group.vpcId)}<ipPermissions>${items(group.ingress.map(ruleXml))}</ipPermissions><ipPermissionsEgress>${items(group.egress.map(ruleXml))}</ipPermissionsEgress>${ec2TagSet(group.tags)}`;
}

/** `TagSpecification.N` tags for `resourceType`. */
function specifiedTags(form: URLSearchParams, resourceType: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const spec of structParams(form, 'TagSpecification')) {
    if (spec.get('ResourceType') !== resourceType) continue;
    for (const [key, value] of tagParams(spec, 'Tag')) tags.set(key, value);
  }
  return tags;
}

function volumeOf(account: AwsSimAccount, volumeId: string) {
  for (const instance of account.instances.values()) {
    const volume = instance.volumes.find((candidate) => candidate.volumeId === volumeId);
    if (volume) return volume;
  }
  return undefined;
}

function taggable(account: AwsSimAccount, id: string): Map<string, string> | undefined {
  return (
    account.instances.get(id)?.tags ??
    account.securityGroups.get(id)?.tags ??
    account.snapshots.get(id)?.tags
  );
}

function sameRule(a: AwsSimRule, b: AwsSimRule): boolean {
  return (
    a.ipProtocol === b.ipProtocol &&
    (a.ipProtocol === '-1' || (a.fromPort === b.fromPort && a.toPort === b.toPort))
  );
}

/**
 * EC2 on the EC2 query protocol, for one account and region: `DescribeInstances`,
 * `CreateSnapshot`, `DescribeSnapshots`, `DescribeSecurityGroups`, `CreateSecurityGroup`,
 * `RevokeSecurityGroupEgress`, `ModifyNetworkInterfaceAttribute`, `ModifyInstanceAttribute`,
 * `CreateTags` and `DeleteTags`, with EC2's error codes (`InvalidInstanceID.NotFound`,
 * `InvalidGroup.Duplicate`…).
 */
export function handleEc2(
  account: AwsSimAccount,
  action: string,
  form: URLSearchParams,
  now: () => number,
): SimulatorResponse {
  switch (action) {
    case 'DescribeInstances': {
      const ids = listParam(form, 'InstanceId');
      const malformed = ids.find((id) => !/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id));
      if (malformed !== undefined) {
        return notFound('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`);
      }
      const unknown = ids.filter((id) => !account.instances.has(id));
      if (unknown.length > 0) {
        return notFound(
          'InvalidInstanceID.NotFound',
          `The instance IDs '${unknown.join(', ')}' do not exist`,
        );
      }
      const selected =
        ids.length > 0
          ? ids.map((id) => account.instances.get(id) as AwsSimInstance)
          : [...account.instances.values()];
      const reservations = selected.map(
        (instance) =>
          `${xmlElement('reservationId', `r-${instance.instanceId.slice(2)}`)}${xmlElement('ownerId', account.account)}<groupSet/><instancesSet><item>${instanceXml(account, instance)}</item></instancesSet>`,
      );
      return ec2Response(action, `<reservationSet>${items(reservations)}</reservationSet>`);
    }
    case 'CreateSnapshot': {
      const volumeId = form.get('VolumeId');
      if (!volumeId) return missing('VolumeId');
      const volume = volumeOf(account, volumeId);
      if (!volume) {
        return notFound('InvalidVolume.NotFound', `The volume '${volumeId}' does not exist.`);
      }
      const snapshot = {
        snapshotId: ec2Id('snap'),
        volumeId,
        description: form.get('Description') ?? '',
        volumeSize: volume.sizeGiB,
        startTime: new Date(now()).toISOString(),
        tags: specifiedTags(form, 'snapshot'),
      };
      account.snapshots.set(snapshot.snapshotId, snapshot);
      return ec2Response(
        action,
        `${xmlElement('snapshotId', snapshot.snapshotId)}${xmlElement('volumeId', volumeId)}${xmlElement('status', 'pending')}${xmlElement('startTime', snapshot.startTime)}${xmlElement('progress', '')}${xmlElement('ownerId', account.account)}${xmlElement('volumeSize', snapshot.volumeSize)}${xmlElement('description', snapshot.description)}${xmlElement('encrypted', false)}${ec2TagSet(snapshot.tags)}`,
      );
    }
    case 'DescribeSnapshots': {
      const filters = filtersOf(form);
      const found = [...account.snapshots.values()].filter((snapshot) =>
        matches(filters, { 'volume-id': snapshot.volumeId }, snapshot.tags),
      );
      const xml = found.map(
        (snapshot) =>
          `${xmlElement('snapshotId', snapshot.snapshotId)}${xmlElement('volumeId', snapshot.volumeId)}${xmlElement('status', 'completed')}${xmlElement('startTime', snapshot.startTime)}${xmlElement('progress', '100%')}${xmlElement('ownerId', account.account)}${xmlElement('volumeSize', snapshot.volumeSize)}${xmlElement('description', snapshot.description)}${xmlElement('encrypted', false)}${ec2TagSet(snapshot.tags)}`,
      );
      return ec2Response(action, `<snapshotSet>${items(xml)}</snapshotSet>`);
    }
    case 'DescribeSecurityGroups': {
      const ids = listParam(form, 'GroupId');
      const unknown = ids.find((id) => !account.securityGroups.has(id));
      if (unknown !== undefined) {
        return notFound('InvalidGroup.NotFound', `The security group '${unknown}' does not exist`);
      }
      const filters = filtersOf(form);
      const found = [...account.securityGroups.values()].filter(
        (group) =>
          (ids.length === 0 || ids.includes(group.groupId)) &&
          matches(filters, { 'vpc-id': group.vpcId, 'group-name': group.groupName }, group.tags),
      );
      return ec2Response(
        action,
        `<securityGroupInfo>${items(found.map((group) => groupXml(account, group)))}</securityGroupInfo>`,
      );
    }
    case 'CreateSecurityGroup': {
      const groupName = form.get('GroupName');
      const vpcId = form.get('VpcId');
      if (!groupName) return missing('GroupName');
      if (!vpcId) return missing('VpcId');
      const taken = [...account.securityGroups.values()].some(
        (group) => group.vpcId === vpcId && group.groupName === groupName,
      );
      if (taken) {
        return notFound(
          'InvalidGroup.Duplicate',
          `The security group '${groupName}' already exists for VPC '${vpcId}'`,
        );
      }
      const group: AwsSimSecurityGroup = {
        groupId: ec2Id('sg'),
        groupName,
        vpcId,
        description: form.get('GroupDescription') ?? groupName,
        ingress: [],
        egress: [allOutbound()],
        tags: specifiedTags(form, 'security-group'),
      };
      account.securityGroups.set(group.groupId, group);
      return ec2Response(
        action,
        `${xmlElement('return', true)}${xmlElement('groupId', group.groupId)}${ec2TagSet(group.tags)}`,
      );
    }
    case 'RevokeSecurityGroupEgress': {
      const groupId = form.get('GroupId');
      if (!groupId) return missing('GroupId');
      const group = account.securityGroups.get(groupId);
      if (!group) {
        return notFound('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`);
      }
      for (const permission of structParams(form, 'IpPermissions')) {
        const from = permission.get('FromPort');
        const to = permission.get('ToPort');
        const revoked: AwsSimRule = {
          ipProtocol: permission.get('IpProtocol') ?? '',
          ...(from === null ? {} : { fromPort: Number(from) }),
          ...(to === null ? {} : { toPort: Number(to) }),
          cidrIps: structParams(permission, 'IpRanges').map((range) => range.get('CidrIp') ?? ''),
          cidrIpv6s: structParams(permission, 'Ipv6Ranges').map(
            (range) => range.get('CidrIpv6') ?? '',
          ),
        };
        for (const rule of group.egress) {
          if (!sameRule(rule, revoked)) continue;
          rule.cidrIps = rule.cidrIps.filter((cidr) => !revoked.cidrIps.includes(cidr));
          rule.cidrIpv6s = rule.cidrIpv6s.filter((cidr) => !revoked.cidrIpv6s.includes(cidr));
        }
        group.egress = group.egress.filter(
          (rule) => rule.cidrIps.length > 0 || rule.cidrIpv6s.length > 0,
        );
      }
      return ec2Response(action, xmlElement('return', true));
    }
    case 'ModifyNetworkInterfaceAttribute': {
      const eniId = form.get('NetworkInterfaceId');
      if (!eniId) return missing('NetworkInterfaceId');
      const owner = [...account.instances.values()].find((instance) =>
        instance.networkInterfaces.some((eni) => eni.networkInterfaceId === eniId),
      );
      const eni = owner?.networkInterfaces.find((entry) => entry.networkInterfaceId === eniId);
      if (!owner || !eni) {
        return notFound(
          'InvalidNetworkInterfaceID.NotFound',
          `The networkInterface ID '${eniId}' does not exist`,
        );
      }
      const groups = listParam(form, 'SecurityGroupId');
      if (groups.length === 0) return missing('SecurityGroupId');
      for (const id of groups) {
        const group = account.securityGroups.get(id);
        if (!group || group.vpcId !== owner.vpcId) {
          return notFound(
            'InvalidGroup.NotFound',
            `The security group '${id}' does not exist in VPC '${owner.vpcId}'`,
          );
        }
      }
      eni.groupIds = groups;
      return ec2Response(action, xmlElement('return', true));
    }
    case 'ModifyInstanceAttribute': {
      const id = form.get('InstanceId') ?? '';
      const instance = account.instances.get(id);
      if (!instance) {
        return notFound('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
      }
      const value = form.get('DisableApiTermination.Value');
      if (value !== null) instance.disableApiTermination = value === 'true';
      return ec2Response(action, xmlElement('return', true));
    }
    case 'CreateTags':
    case 'DeleteTags': {
      const ids = listParam(form, 'ResourceId');
      for (const id of ids) {
        const tags = taggable(account, id);
        if (!tags) {
          return notFound('InvalidID', `The ID '${id}' is not valid`);
        }
        for (const [key, value] of tagParams(form, 'Tag')) {
          if (action === 'CreateTags') tags.set(key, value);
          else tags.delete(key);
        }
      }
      return ec2Response(action, xmlElement('return', true));
    }
    default:
      return ec2Error({
        status: 400,
        code: 'InvalidAction',
        message: `The action ${action} is not valid for this web service.`,
      });
  }
}
