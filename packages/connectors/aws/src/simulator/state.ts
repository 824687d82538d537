/** An IAM access key of a simulated user (ids are placeholders, never real keys). */
export interface AwsSimAccessKeyData {
  /** Access key id. */
  accessKeyId: string;
  /** Status. Default `Active`. */
  status?: 'Active' | 'Inactive';
}

/** A simulated IAM user. */
export interface AwsSimIamUserData {
  /** User name. */
  name: string;
  /** Its access keys (IAM allows two). */
  accessKeys?: readonly AwsSimAccessKeyData[];
  /** Its tags. */
  tags?: Readonly<Record<string, string>>;
}

/** A simulated IAM role. */
export interface AwsSimIamRoleData {
  /** Role name. */
  name: string;
  /** Path. Default `/`. */
  path?: string;
  /** Inline policies, name → policy document (JSON text). */
  policies?: Readonly<Record<string, string>>;
}

/** A simulated EC2 instance in a VPC. */
export interface AwsSimInstanceData {
  /** Instance id (`i-…`). */
  instanceId: string;
  /** VPC id. */
  vpcId: string;
  /** Subnet id. Default `subnet-0a1b2c3d4e5f60718`. */
  subnetId?: string;
  /** Its network interfaces, primary first, with their security groups. */
  networkInterfaces: readonly { networkInterfaceId: string; groupIds: readonly string[] }[];
  /** Its attached EBS volumes. */
  volumes?: readonly { volumeId: string; deviceName: string; sizeGiB?: number }[];
  /** Its tags. */
  tags?: Readonly<Record<string, string>>;
}

/** A simulated security group. */
export interface AwsSimSecurityGroupData {
  /** Group id (`sg-…`). */
  groupId: string;
  /** Group name (unique per VPC). */
  groupName: string;
  /** VPC id. */
  vpcId: string;
  /** Description. */
  description?: string;
}

/** One simulated AWS account: the key that signs for it and its IAM and EC2 resources. */
export interface AwsSimAccountData {
  /** The 12-digit account id. */
  account: string;
  /** The access key OpenMDR signs with in this account (placeholder). */
  accessKey: { accessKeyId: string; secretAccessKey: string };
  /** IAM users. */
  users?: readonly AwsSimIamUserData[];
  /** IAM roles. */
  roles?: readonly AwsSimIamRoleData[];
  /** EC2 instances (one region). */
  instances?: readonly AwsSimInstanceData[];
  /** Security groups (every group an instance names must be here). */
  securityGroups?: readonly AwsSimSecurityGroupData[];
}

/** A security group rule as the simulator keeps it. */
export interface AwsSimRule {
  /** `-1` (all), `tcp`, `udp`, `icmp`… */
  ipProtocol: string;
  /** First port. */
  fromPort?: number;
  /** Last port. */
  toPort?: number;
  /** IPv4 ranges. */
  cidrIps: string[];
  /** IPv6 ranges. */
  cidrIpv6s: string[];
}

/** A security group's state. */
export interface AwsSimSecurityGroup {
  groupId: string;
  groupName: string;
  vpcId: string;
  description: string;
  ingress: AwsSimRule[];
  egress: AwsSimRule[];
  tags: Map<string, string>;
}

/** An EC2 instance's state. */
export interface AwsSimInstance {
  instanceId: string;
  vpcId: string;
  subnetId: string;
  networkInterfaces: { networkInterfaceId: string; groupIds: string[] }[];
  volumes: { volumeId: string; deviceName: string; sizeGiB: number }[];
  tags: Map<string, string>;
  disableApiTermination: boolean;
}

/** A snapshot's state. */
export interface AwsSimSnapshot {
  snapshotId: string;
  volumeId: string;
  description: string;
  volumeSize: number;
  startTime: string;
  tags: Map<string, string>;
}

/** An account's state. */
export interface AwsSimAccount {
  account: string;
  users: Map<
    string,
    {
      name: string;
      created: string;
      keys: { accessKeyId: string; status: 'Active' | 'Inactive' }[];
      tags: Map<string, string>;
    }
  >;
  roles: Map<
    string,
    { name: string; path: string; created: string; policies: Map<string, string> }
  >;
  instances: Map<string, AwsSimInstance>;
  securityGroups: Map<string, AwsSimSecurityGroup>;
  snapshots: Map<string, AwsSimSnapshot>;
}

/** The default all-outbound egress rule EC2 gives a new VPC security group. */
export const allOutbound = (): AwsSimRule => ({
  ipProtocol: '-1',
  cidrIps: ['0.0.0.0/0'],
  cidrIpv6s: [],
});

/** Builds an account's state from its data. */
export function accountState(data: AwsSimAccountData, created: string): AwsSimAccount {
  const tags = (record: Readonly<Record<string, string>> = {}) => new Map(Object.entries(record));
  return {
    account: data.account,
    users: new Map(
      (data.users ?? []).map((user) => [
        user.name,
        {
          name: user.name,
          created,
          keys: (user.accessKeys ?? []).map((key) => ({
            accessKeyId: key.accessKeyId,
            status: key.status ?? 'Active',
          })),
          tags: tags(user.tags),
        },
      ]),
    ),
    roles: new Map(
      (data.roles ?? []).map((role) => [
        role.name,
        {
          name: role.name,
          path: role.path ?? '/',
          created,
          policies: new Map(Object.entries(role.policies ?? {})),
        },
      ]),
    ),
    instances: new Map(
      (data.instances ?? []).map((instance) => [
        instance.instanceId,
        {
          instanceId: instance.instanceId,
          vpcId: instance.vpcId,
          subnetId: instance.subnetId ?? 'subnet-0a1b2c3d4e5f60718',
          networkInterfaces: instance.networkInterfaces.map((eni) => ({
            networkInterfaceId: eni.networkInterfaceId,
            groupIds: [...eni.groupIds],
          })),
          volumes: (instance.volumes ?? []).map((volume) => ({
            volumeId: volume.volumeId,
            deviceName: volume.deviceName,
            sizeGiB: volume.sizeGiB ?? 8,
          })),
          tags: tags(instance.tags),
          disableApiTermination: false,
        },
      ]),
    ),
    securityGroups: new Map(
      (data.securityGroups ?? []).map((group) => [
        group.groupId,
        {
          groupId: group.groupId,
          groupName: group.groupName,
          vpcId: group.vpcId,
          description: group.description ?? group.groupName,
          ingress: [],
          egress: [allOutbound()],
          tags: new Map(),
        },
      ]),
    ),
    snapshots: new Map(),
  };
}

/** A random lower-case hex resource id (`sg-`, `snap-`) of 17 digits, as EC2 writes them. */
export function ec2Id(prefix: string): string {
  let id = '';
  for (let index = 0; index < 17; index += 1) id += Math.floor(Math.random() * 16).toString(16);
  return `${prefix}-${id}`;
}
